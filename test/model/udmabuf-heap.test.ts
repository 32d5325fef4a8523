// udmabuf and the system heap: facts 17 and 18 and the real 6.12.118 rows.
import { describe, expect, it } from "vitest";
import { errno, setup, val } from "./helpers.js";

const PAGE = 4096;

describe("udmabuf (section 8, fact 18)", () => {
  it("rejects missing SHRINK, WRITE-sealed, unaligned, empty, oversize and past-EOF requests", () => {
    const { k, pids: [app] } = setup([["u", "udmabuf"]]);
    const plain = k.memfdOfVma(app!, val(k.memfd(app!, 8192, [])))!;
    errno(k.udmabufCreate(app!, "u", plain, 0, 8192), "EINVAL");
    const sealedW = k.memfdOfVma(app!, val(k.memfd(app!, 8192, ["shrink", "write"])))!;
    errno(k.udmabufCreate(app!, "u", sealedW, 0, 8192), "EINVAL");
    const ok = k.memfdOfVma(app!, val(k.memfd(app!, 8192, ["shrink"])))!;
    errno(k.udmabufCreate(app!, "u", ok, 0, 100), "EINVAL");
    errno(k.udmabufCreate(app!, "u", ok, 0, 0), "EINVAL");
    errno(k.udmabufCreate(app!, "u", ok, 0, 65 << 20), "EINVAL");
    errno(k.udmabufCreate(app!, "u", ok, PAGE, 8192), "EINVAL");
    const U = val(k.udmabufCreate(app!, "u", ok, 0, 8192));
    const F = k.fileOfFd(app!, U)!;
    expect(k.field(F, "mode")).toBe("rw");
    expect(k.field(F, "exp_name")).toBe("udmabuf");
    expect(k.field(F, "owner")).toBe("udmabuf");
    expect(k.field(F, "size")).toBe(8192);
  });

  it("a dma-buf given as the memfd is EBADFD", () => {
    const { k, pids: [app] } = setup([["u", "udmabuf"], ["heap", "dma-heap"]]);
    const H = val(k.heapAlloc(app!, "heap", 4096));
    errno(k.udmabufCreate(app!, "u", k.fileOfFd(app!, H)!, 0, 4096), "EBADFD");
  });

  it("pins the memfd pages for the buffer's life; the fault maps memfd page pgoff", () => {
    const { k, pids: [app] } = setup([["u", "udmabuf"]]);
    const mf = val(k.memfd(app!, 4 * PAGE, ["shrink"]));
    const U = val(k.udmabufCreate(app!, "u", k.memfdOfVma(app!, mf)!, PAGE, 2 * PAGE));
    const M = val(k.mmapFd(app!, U, { offset: PAGE, len: PAGE }));
    val(k.touch(app!, M, 0, true));
    expect(k.field(k.vmaAt(app!, M)!, "ptes")).toBe(1);
    val(k.munmap(app!, mf));
    val(k.munmap(app!, M));
    val(k.close(app!, U));
    k.finish();
    expect(k.hazards()).toEqual([]);
    expect(k.events().map((e) => e.what)).toContain("udmabuf_unpin");
  });
});

describe("system heap (fact 17)", () => {
  it("len 0 is EINVAL; len PAGE+1 is rounded up to 8192; exp_name system, owner system_heap", () => {
    const { k, pids: [app] } = setup([["heap", "dma-heap"]]);
    errno(k.heapAlloc(app!, "heap", 0), "EINVAL");
    const H = val(k.heapAlloc(app!, "heap", PAGE + 1));
    const F = k.fileOfFd(app!, H)!;
    expect(k.field(F, "size")).toBe(8192);
    expect(k.field(F, "exp_name")).toBe("system");
    expect(k.field(F, "owner")).toBe("system_heap");
    expect(k.field(F, "refs")).toBe(1);
  });

  it("a one-page private mapping remaps in one call (vm_pgoff becomes the pfn); two pages are EINVAL", () => {
    const { k, pids: [app] } = setup([["heap", "dma-heap"]]);
    const H1 = val(k.heapAlloc(app!, "heap", PAGE));
    const M = k.vmaAt(app!, val(k.mmapFd(app!, H1, { shared: false })))!;
    expect(k.field(M, "pgoff")).toBeGreaterThan(0);
    const H2 = val(k.heapAlloc(app!, "heap", 2 * PAGE));
    errno(k.mmapFd(app!, H2, { shared: false }), "EINVAL");
  });

  it("the heap's misc file has no mmap (ENODEV)", () => {
    const { k, pids: [app] } = setup([["heap", "dma-heap"]]);
    errno(k.mmapFd(app!, k.deviceFd(app!, "heap")!, { len: PAGE }), "ENODEV");
  });
});

describe("undefined ioctl flag bits (real 6.12.118 and 7.2.13 rows)", () => {
  it("UDMABUF_CREATE ignores them; the seals are still checked", () => {
    const { k, pids: [app] } = setup([["u", "udmabuf"]]);
    const plain = k.memfdOfVma(app!, val(k.memfd(app!, 8192, [])))!;
    errno(k.udmabufCreate(app!, "u", plain, 0, 8192, { undefinedFlags: true }), "EINVAL");
    const sealed = k.memfdOfVma(app!, val(k.memfd(app!, 8192, ["shrink"])))!;
    expect(k.field(k.fileOfFd(app!, val(k.udmabufCreate(app!, "u", sealed, 0, 8192, { undefinedFlags: true })))!, "size")).toBe(8192);
  });

  it("DMA_HEAP_IOCTL_ALLOC refuses an undefined fd_flags bit and any heap_flags bit before it looks at the length", () => {
    const { k, pids: [app] } = setup([["heap", "dma-heap"]]);
    expect(errno(k.heapAlloc(app!, "heap", 4096, { undefinedFdFlags: true }), "EINVAL").cite).toBe("drivers/dma-buf/dma-heap.c: dma_heap_ioctl_allocate");
    expect(errno(k.heapAlloc(app!, "heap", 0, { heapFlags: true }), "EINVAL").cite).toBe("drivers/dma-buf/dma-heap.c: dma_heap_ioctl_allocate");
    expect(errno(k.heapAlloc(app!, "heap", 0), "EINVAL").cite).toBe("drivers/dma-buf/dma-heap.c: dma_heap_buffer_alloc");
  });

  it("PRIME_HANDLE_TO_FD refuses an undefined flag bit before it looks the handle up", () => {
    const { k, pids: [app] } = setup([["gem", "vgem"]]);
    const h = val(k.gemCreate(app!, "gem", 4096));
    errno(k.primeHandleToFd(app!, "gem", h, { undefinedFlags: true }), "EINVAL");
    val(k.gemClose(app!, "gem", h));
    errno(k.primeHandleToFd(app!, "gem", h, { undefinedFlags: true }), "EINVAL");
    errno(k.primeHandleToFd(app!, "gem", h), "ENOENT");
  });
});
