// mmap paths: the dma-buf fd (section 4.a), importer forwarding (4.b), the
// chardev fake offset (4.c), the reverse map (section 5) and the real
// 6.12.118 VmFlags rows; facts 9-11, 14, 24, 34, 36.
import { describe, expect, it } from "vitest";
import { errno, setup, val } from "./helpers.js";

const PAGE = 4096;

describe("mmap of a dma-buf fd (section 4.a)", () => {
  it("fact 11: a vgem dma-buf maps at its fake offset, flags as the real 6.12.118 VmFlags", () => {
    const { k, pids: [app] } = setup([["vg", "vgem"]]);
    const A = val(k.gemCreate(app!, "vg", 8192));
    const D = val(k.primeHandleToFd(app!, "vg", A));
    const M = k.vmaAt(app!, val(k.mmapFd(app!, D)))!;
    expect(k.field(M, "pgoff")).toBe(0x100000);
    expect(k.field(M, "file")).toEqual(k.fileOfFd(app!, D));
    expect(k.field(M, "flags")).toEqual(["DONTDUMP", "DONTEXPAND", "MAYEXEC", "MAYREAD", "MAYSHARE", "MAYWRITE", "PFNMAP", "READ", "SHARED", "WRITE"]);
    expect(k.field(M, "owner")).toBe("drm_shmem_helper");
    expect(k.field(M, "private")).toBe("gem");
    expect(k.field(M, "mapping")).toEqual(k.field(k.fileOfFd(app!, k.deviceFd(app!, "vg")!)!, "mapping"));
    expect(k.field(k.fileOfFd(app!, D)!, "refs")).toBe(4);
  });

  it("fact 9: a read-only export refuses MAP_SHARED|PROT_WRITE (EACCES), PROT_READ works without MAYWRITE", () => {
    const { k, pids: [app] } = setup([["vg", "vgem"], ["heap", "dma-heap"]]);
    const A = val(k.gemCreate(app!, "vg", 4096));
    const D = val(k.primeHandleToFd(app!, "vg", A, { readonly: true }));
    expect(k.field(k.fileOfFd(app!, D)!, "mode")).toBe("ro");
    errno(k.mmapFd(app!, D), "EACCES");
    const M = k.vmaAt(app!, val(k.mmapFd(app!, D, { prot: { read: true, write: false } })))!;
    expect(k.field(M, "flags")).not.toContain("MAYWRITE");
    expect(k.field(M, "flags")).not.toContain("SHARED");
    expect(k.field(M, "flags")).toContain("MAYSHARE");
    const H = val(k.heapAlloc(app!, "heap", 4096, { fdFlags: "rdonly" }));
    errno(k.mmapFd(app!, H), "EACCES");
  });

  it("fact 10: pgoff + pages beyond the buffer is EINVAL (oversize, offset beyond)", () => {
    const { k, pids: [app] } = setup([["vg", "vgem"], ["u", "udmabuf"], ["heap", "dma-heap"]]);
    const D = val(k.primeHandleToFd(app!, "vg", val(k.gemCreate(app!, "vg", 8192))));
    const mf = val(k.memfd(app!, 8192, ["shrink"]));
    const U = val(k.udmabufCreate(app!, "u", k.memfdOfVma(app!, mf)!, 0, 8192));
    const H = val(k.heapAlloc(app!, "heap", 8192));
    for (const fd of [D, U, H]) {
      errno(k.mmapFd(app!, fd, { len: 3 * PAGE }), "EINVAL");
      errno(k.mmapFd(app!, fd, { offset: 2 * PAGE, len: PAGE }), "EINVAL");
    }
  });

  it("fact 14 and real 6.12.118: MAP_PRIVATE of vgem, udmabuf and heap dma-bufs is EINVAL", () => {
    const { k, pids: [app] } = setup([["vg", "vgem"], ["u", "udmabuf"], ["heap", "dma-heap"]]);
    const D = val(k.primeHandleToFd(app!, "vg", val(k.gemCreate(app!, "vg", 8192))));
    const mf = val(k.memfd(app!, 8192, ["shrink"]));
    const U = val(k.udmabufCreate(app!, "u", k.memfdOfVma(app!, mf)!, 0, 8192));
    const H = val(k.heapAlloc(app!, "heap", 8192));
    for (const fd of [D, U, H]) errno(k.mmapFd(app!, fd, { shared: false }), "EINVAL");
  });

  it("udmabuf maps PFNMAP|DONTEXPAND|DONTDUMP, the heap adds IO and is populated at mmap time", () => {
    const { k, pids: [app] } = setup([["u", "udmabuf"], ["heap", "dma-heap"]]);
    const mf = val(k.memfd(app!, 8192, ["shrink"]));
    const U = val(k.udmabufCreate(app!, "u", k.memfdOfVma(app!, mf)!, 0, 8192));
    const MU = k.vmaAt(app!, val(k.mmapFd(app!, U)))!;
    expect(k.field(MU, "flags")).toEqual(["DONTDUMP", "DONTEXPAND", "MAYEXEC", "MAYREAD", "MAYSHARE", "MAYWRITE", "PFNMAP", "READ", "SHARED", "WRITE"]);
    expect(k.field(MU, "owner")).toBe("udmabuf");
    const H = val(k.heapAlloc(app!, "heap", 8192));
    const MH = k.vmaAt(app!, val(k.mmapFd(app!, H)))!;
    expect(k.field(MH, "flags")).toContain("IO");
    expect(k.field(MH, "ptes")).toBe(2);
  });

  it("i915 dma-buf mmap swaps vm_file to the object's shmem file: no dma-buf reference, page-backed", () => {
    const { k, pids: [app] } = setup([["intel", "i915"]]);
    const A = val(k.gemCreate(app!, "intel", 8192));
    const D = val(k.primeHandleToFd(app!, "intel", A));
    const M = k.vmaAt(app!, val(k.mmapFd(app!, D)))!;
    const file = k.field(M, "file") as { kind: "file"; id: number };
    expect(file).not.toEqual(k.fileOfFd(app!, D));
    expect(k.field(file, "type")).toBe("shmem");
    expect(k.field(M, "pgoff")).toBe(0);
    expect(k.field(M, "flags")).not.toContain("PFNMAP");
    expect(k.field(k.fileOfFd(app!, D)!, "refs")).toBe(3);
    expect(val(k.lookup(app!, val(k.mmapFd(app!, D))))).toBe(null);
  });

  it("a dma-buf fd mapping holds the dma-buf file, not the drm file", () => {
    const { k, pids: [app] } = setup([["vg", "vgem"]]);
    const A = val(k.gemCreate(app!, "vg", 4096));
    const D = val(k.primeHandleToFd(app!, "vg", A));
    val(k.mmapFd(app!, D));
    expect(k.field(k.fileOfFd(app!, k.deviceFd(app!, "vg")!)!, "refs")).toBe(1);
  });
});

describe("chardev mmap through the fake offset (section 4.c)", () => {
  it("fact 34: bad offset EINVAL, inside an object EINVAL, too long EINVAL, MAP_PRIVATE EINVAL, other file EACCES", () => {
    const { k, pids: [a, b] } = setup([["vg", "vgem"]], ["a", "b"]);
    const A = val(k.gemCreate(a!, "vg", 8192));
    const card = k.deviceFd(a!, "vg")!;
    errno(k.mmapFd(a!, card, { offset: 0x200000 * PAGE, len: PAGE }), "EINVAL");
    errno(k.mmapFd(a!, card, { offset: (0x100000 + 1) * PAGE, len: PAGE }), "EINVAL");
    errno(k.mmapFd(a!, card, { offset: 0x100000 * PAGE, len: 3 * PAGE }), "EINVAL");
    errno(k.mmapFd(a!, card, { offset: 0x100000 * PAGE, len: 2 * PAGE, shared: false }), "EINVAL");
    errno(k.mmapDevice(b!, "vg", a!, A), "EACCES");
    const M = k.vmaAt(a!, val(k.mmapDevice(a!, "vg", a!, A)))!;
    expect(k.field(M, "file")).toEqual(k.fileOfFd(a!, card));
    expect(k.field(M, "pgoff")).toBe(0x100000);
    expect(k.field(M, "flags")).toContain("PFNMAP");
    expect(k.field(M, "flags")).not.toContain("IO");
  });

  it("fake offsets are allocated in creation order, contiguous by size, and freed holes are reused", () => {
    const { k, pids: [app] } = setup([["vg", "vgem"]]);
    const A = val(k.gemCreate(app!, "vg", 8192));
    const B = val(k.gemCreate(app!, "vg", 4096));
    const MB = k.vmaAt(app!, val(k.mmapDevice(app!, "vg", app!, B)))!;
    expect(k.field(MB, "pgoff")).toBe(0x100002);
    val(k.gemClose(app!, "vg", A));
    const C = val(k.gemCreate(app!, "vg", 4096));
    expect(k.field(k.vmaAt(app!, val(k.mmapDevice(app!, "vg", app!, C)))!, "pgoff")).toBe(0x100000);
  });

  it("MAP_DUMB of an imported handle is EINVAL (vgem); panfrost forwards to the exporter (4.b)", () => {
    const { k, pids: [app] } = setup([["amd", "amdgpu"], ["vg", "vgem"], ["pan", "panfrost"]]);
    const A = val(k.gemCreate(app!, "amd", 8192, "gtt"));
    const D = val(k.primeHandleToFd(app!, "amd", A));
    const F = k.fileOfFd(app!, D)!;
    const V = val(k.primeFdToHandle(app!, "vg", D));
    errno(k.mmapDevice(app!, "vg", app!, V), "EINVAL");
    const P = val(k.primeFdToHandle(app!, "pan", D));
    const before = k.field(F, "refs") as number;
    const M3 = k.vmaAt(app!, val(k.mmapDevice(app!, "pan", app!, P)))!;
    const M1 = k.vmaAt(app!, val(k.mmapFd(app!, D)))!;
    const M2 = k.vmaAt(app!, val(k.mmapDevice(app!, "amd", app!, A)))!;
    expect(k.field(M3, "file")).toEqual(F);
    expect(k.field(F, "refs")).toBe(before + 2);
    expect(k.field(k.fileOfFd(app!, k.deviceFd(app!, "pan")!)!, "refs")).toBe(1);
    for (const m of [M1, M2, M3]) {
      expect(k.field(m, "pgoff")).toBe(0x100000);
      expect(k.field(m, "mapping")).toEqual(k.field(M2, "mapping"));
      expect(k.field(m, "owner")).toBe("amdgpu");
      expect(k.field(m, "private")).toBe("bo");
    }
    expect(k.field(k.gemOfHandle(app!, "amd", A)!, "ttm_refs")).toBe(4);
    const zapped = k.unmapMappingRange(k.field(M2, "mapping") as never, 0x100000, 2);
    expect(zapped).toHaveLength(3);
  });

  it("fact 24: amdgpu maps a foreign import through GEM_MMAP; the first touch is SIGBUS", () => {
    const { k, pids: [app] } = setup([["amd", "amdgpu"], ["vg", "vgem"]]);
    const D = val(k.primeHandleToFd(app!, "vg", val(k.gemCreate(app!, "vg", 4096))));
    const B = val(k.primeFdToHandle(app!, "amd", D));
    const M = val(k.mmapDevice(app!, "amd", app!, B));
    errno(k.touch(app!, M, 0, false), "SIGBUS");
  });

  it("i915 chardev mmap swaps vm_file to the i915.gem singleton on the device mapping, pgoff unchanged", () => {
    const { k, pids: [a, b] } = setup([["intel", "i915"]], ["a", "b"]);
    const A = val(k.gemCreate(a!, "intel", 8192));
    errno(k.mmapDevice(b!, "intel", a!, A), "EACCES");
    const M = k.vmaAt(a!, val(k.mmapDevice(a!, "intel", a!, A)))!;
    const file = k.field(M, "file") as { kind: "file"; id: number };
    expect(k.field(file, "type")).toBe("anon_inode");
    expect(k.field(file, "mapping")).toEqual(k.field(k.fileOfFd(a!, k.deviceFd(a!, "intel")!)!, "mapping"));
    expect(k.field(file, "refs")).toBe(1);
    expect(k.field(M, "pgoff")).toBe(0x100000);
    expect(k.field(M, "flags")).toEqual(expect.arrayContaining(["PFNMAP", "IO", "DONTEXPAND", "DONTDUMP"]));
    expect(k.field(M, "private")).toBe("mmo");
    const addr = k.field(M, "start") as number;
    val(k.touch(a!, addr, 0, true));
    expect(k.field(M, "ptes")).toBe(2);
    const G = k.gemOfHandle(a!, "intel", A)!;
    expect(k.field(G, "refs")).toBe(2);
    val(k.closeDevice(a!, "intel"));
    expect(k.field(G, "refs")).toBe(1);
    expect(k.field(G, "handles")).toBe(0);
    val(k.munmap(a!, addr));
    expect(k.field(G, "refs")).toBe(0);
    expect(k.field(file, "refs")).toBe(0);
  });

  it("fact 36: a vgem chardev mapping keeps the drm file (and its handles) alive after close", () => {
    const { k, pids: [app] } = setup([["vg", "vgem"]]);
    const A = val(k.gemCreate(app!, "vg", 4096));
    const G = k.gemOfHandle(app!, "vg", A)!;
    const drm = k.fileOfFd(app!, k.deviceFd(app!, "vg")!)!;
    const M = val(k.mmapDevice(app!, "vg", app!, A));
    expect(k.field(drm, "refs")).toBe(2);
    val(k.closeDevice(app!, "vg"));
    expect(k.deviceFd(app!, "vg")).toBeUndefined();
    expect(k.field(drm, "refs")).toBe(1);
    expect(k.field(drm, "handles")).toBe(1);
    expect(k.field(G, "handles")).toBe(1);
    val(k.munmap(app!, M));
    expect(k.field(drm, "refs")).toBe(0);
    expect(k.field(G, "refs")).toBe(0);
  });
});

describe("faults", () => {
  it("shmem helper faults ignore vm_pgoff; TTM prefaults up to 16 pages; SIGSEGV outside VMAs and on read-only", () => {
    const { k, pids: [app] } = setup([["vg", "vgem"], ["amd", "amdgpu"]]);
    const D = val(k.primeHandleToFd(app!, "vg", val(k.gemCreate(app!, "vg", 8192))));
    const M = val(k.mmapFd(app!, D, { offset: PAGE, len: PAGE }));
    val(k.touch(app!, M, 0, true));
    expect(k.field(k.vmaAt(app!, M)!, "ptes")).toBe(1);
    const A = val(k.gemCreate(app!, "amd", 64 * PAGE));
    const MA = val(k.mmapDevice(app!, "amd", app!, A));
    val(k.touch(app!, MA, 60, false));
    expect(k.field(k.vmaAt(app!, MA)!, "ptes")).toBe(4);
    val(k.touch(app!, MA, 0, false));
    expect(k.field(k.vmaAt(app!, MA)!, "ptes")).toBe(20);
    errno(k.touch(app!, 0x1000, 0, false), "SIGSEGV");
    const R = val(k.anon(app!, PAGE, { write: false }));
    errno(k.touch(app!, R, 0, true), "SIGSEGV");
    val(k.touch(app!, R, 0, false));
  });
});
