// PRIME refcounts and handle resolution: kernel-semantics.md section 3 and
// facts 1-8 (section 10), plus the real 6.12.118 vgem rows.
import { describe, expect, it } from "vitest";
import { errno, setup, val } from "./helpers.js";

describe("PRIME handle-to-fd (section 3.1)", () => {
  it("fact 1: a first export has f_count 3, a second export of the handle is the same file at 4", () => {
    const { k, pids: [app] } = setup([["vg", "vgem"]]);
    const A = val(k.gemCreate(app!, "vg", 8192));
    const D1 = val(k.primeHandleToFd(app!, "vg", A));
    const F = k.fileOfFd(app!, D1)!;
    expect(k.field(F, "refs")).toBe(3);
    const D2 = val(k.primeHandleToFd(app!, "vg", A));
    expect(D2).not.toBe(D1);
    expect(k.fileOfFd(app!, D2)).toEqual(F);
    expect(k.field(F, "refs")).toBe(4);
    expect(k.field(F, "exp_name")).toBe("drm");
    expect(k.field(F, "owner")).toBe("vgem");
    expect(k.field(k.gemOfHandle(app!, "vg", A)!, "exported")).toEqual(F);
  });

  it("fact 2: closing the last handle drops the cache entry and obj->dma_buf; the object lives on", () => {
    const { k, pids: [app] } = setup([["vg", "vgem"]]);
    const A = val(k.gemCreate(app!, "vg", 8192));
    const G = k.gemOfHandle(app!, "vg", A)!;
    const F = k.fileOfFd(app!, val(k.primeHandleToFd(app!, "vg", A)))!;
    expect(k.field(G, "refs")).toBe(2);
    val(k.gemClose(app!, "vg", A));
    expect(k.field(F, "refs")).toBe(1);
    expect(k.field(G, "refs")).toBe(1);
    expect(k.field(G, "handles")).toBe(0);
    expect(k.field(G, "exported")).toBe(null);
    errno(k.gemClose(app!, "vg", A), "EINVAL");
  });

  it("fact 2 (real 6.12.118): fd-to-handle after the close gives a handle to the same object, count 3", () => {
    const { k, pids: [app] } = setup([["vg", "vgem"]]);
    const A = val(k.gemCreate(app!, "vg", 8192));
    const G = k.gemOfHandle(app!, "vg", A)!;
    const D = val(k.primeHandleToFd(app!, "vg", A));
    val(k.gemClose(app!, "vg", A));
    const B = val(k.primeFdToHandle(app!, "vg", D));
    expect(k.gemOfHandle(app!, "vg", B)).toEqual(G);
    expect(k.field(k.fileOfFd(app!, D)!, "refs")).toBe(3);
    expect(k.field(k.fileOfFd(app!, D)!, "attachments")).toBe(0);
  });

  it("fact 3: the exporting file importing its own dma-buf gets the same handle", () => {
    const { k, pids: [app] } = setup([["vg", "vgem"]]);
    const A = val(k.gemCreate(app!, "vg", 4096));
    const D = val(k.primeHandleToFd(app!, "vg", A));
    expect(val(k.primeFdToHandle(app!, "vg", D))).toBe(A);
    expect(k.field(k.fileOfFd(app!, D)!, "refs")).toBe(3);
  });

  it("fact 4: a second drm file of the same device self-imports: same object, no attachment, +1", () => {
    const { k, pids: [a, b] } = setup([["amd", "amdgpu"]], ["a", "b"]);
    const A = val(k.gemCreate(a!, "amd", 4096));
    const D = val(k.primeHandleToFd(a!, "amd", A));
    const F = k.fileOfFd(a!, D)!;
    const E = val(k.send(a!, D, b!));
    expect(k.field(F, "refs")).toBe(4);
    const B = val(k.primeFdToHandle(b!, "amd", E));
    expect(k.gemOfHandle(b!, "amd", B)).toEqual(k.gemOfHandle(a!, "amd", A));
    expect(k.field(k.gemOfHandle(b!, "amd", B)!, "handles")).toBe(2);
    expect(k.field(F, "attachments")).toBe(0);
    expect(k.field(F, "refs")).toBe(5);
  });

  it("fact 5: vgem importing a udmabuf attaches and maps, +3; GEM_CLOSE returns the count", () => {
    const { k, pids: [app] } = setup([["vg", "vgem"], ["u", "udmabuf"]]);
    const M = val(k.memfd(app!, 8192, ["shrink"]));
    const U = val(k.udmabufCreate(app!, "u", k.memfdOfVma(app!, M)!, 0, 8192));
    const F = k.fileOfFd(app!, U)!;
    expect(k.field(F, "refs")).toBe(1);
    const B = val(k.primeFdToHandle(app!, "vg", U));
    expect(k.field(F, "refs")).toBe(4);
    expect(k.field(F, "attachments")).toBe(1);
    expect(k.events().some((e) => e.what === "map_attachment")).toBe(true);
    val(k.gemClose(app!, "vg", B));
    expect(k.field(F, "attachments")).toBe(0);
    expect(k.field(F, "refs")).toBe(1);
  });

  it("fact 6: re-exporting an imported handle returns the original dma-buf", () => {
    const { k, pids: [app] } = setup([["vg", "vgem"], ["heap", "dma-heap"]]);
    const H = val(k.heapAlloc(app!, "heap", 8192));
    const B = val(k.primeFdToHandle(app!, "vg", H));
    const D = val(k.primeHandleToFd(app!, "vg", B));
    expect(k.fileOfFd(app!, D)).toEqual(k.fileOfFd(app!, H));
    expect(k.field(k.fileOfFd(app!, H)!, "exp_name")).toBe("system");
  });

  it("fact 7: fd-to-handle of a memfd is EINVAL, of a closed fd EBADF", () => {
    const { k, pids: [app] } = setup([["vg", "vgem"]]);
    const M = val(k.memfd(app!, 4096, []));
    const memfd = k.memfdOfVma(app!, M)!;
    let fd = 3;
    while (k.fileOfFd(app!, fd)?.id !== memfd.id) fd++;
    errno(k.primeFdToHandle(app!, "vg", fd), "EINVAL");
    errno(k.primeFdToHandle(app!, "vg", 99), "EBADF");
  });

  it("fact 8: handle-to-fd of an unknown handle is ENOENT", () => {
    const { k, pids: [app] } = setup([["vg", "vgem"]]);
    errno(k.primeHandleToFd(app!, "vg", 7), "ENOENT");
  });

  it("driver vetoes: amdgpu userptr export EPERM, i915 userptr export EINVAL", () => {
    const { k, pids: [app] } = setup([["amd", "amdgpu"], ["intel", "i915"]]);
    const M = val(k.anon(app!, 8192));
    const U = val(k.amdgpuUserptr(app!, "amd", M, 8192, { register: true }));
    errno(k.primeHandleToFd(app!, "amd", U), "EPERM");
    const V = val(k.i915Userptr(app!, "intel", M, 8192, {}));
    errno(k.primeHandleToFd(app!, "intel", V), "EINVAL");
  });

  it("handles are the lowest free id >= 1 per drm file", () => {
    const { k, pids: [app] } = setup([["vg", "vgem"]]);
    expect(val(k.gemCreate(app!, "vg", 4096))).toBe(1);
    expect(val(k.gemCreate(app!, "vg", 4096))).toBe(2);
    val(k.gemClose(app!, "vg", 1));
    expect(val(k.gemCreate(app!, "vg", 4096))).toBe(1);
  });

  it("a foreign import freed detaches and drops its dma-buf reference (drm_prime_gem_destroy)", () => {
    const { k, pids: [app] } = setup([["amd", "amdgpu"], ["intel", "i915"]]);
    const A = val(k.gemCreate(app!, "amd", 4096));
    const D = val(k.primeHandleToFd(app!, "amd", A));
    const F = k.fileOfFd(app!, D)!;
    const B = val(k.primeFdToHandle(app!, "intel", D));
    expect(k.field(F, "refs")).toBe(6);
    expect(k.field(F, "attachments")).toBe(1);
    expect(k.field(k.gemOfHandle(app!, "amd", A)!, "pins")).toBe(1);
    val(k.gemClose(app!, "intel", B));
    expect(k.field(F, "refs")).toBe(3);
    expect(k.field(F, "attachments")).toBe(0);
    expect(k.field(k.gemOfHandle(app!, "amd", A)!, "pins")).toBe(0);
  });

  it("the dma-buf dies with its last file reference and takes the exported object with it", () => {
    const { k, pids: [app] } = setup([["vg", "vgem"]]);
    const A = val(k.gemCreate(app!, "vg", 4096));
    const G = k.gemOfHandle(app!, "vg", A)!;
    const D = val(k.primeHandleToFd(app!, "vg", A));
    const F = k.fileOfFd(app!, D)!;
    val(k.gemClose(app!, "vg", A));
    expect(k.field(G, "refs")).toBe(1);
    val(k.close(app!, D));
    expect(k.field(F, "refs")).toBe(0);
    expect(k.field(F, "size")).toBeUndefined();
    expect(k.field(G, "refs")).toBe(0);
    expect(k.field(G, "domain")).toBeUndefined();
    expect(k.events().map((e) => e.what)).toContain("dma_buf_release");
  });
});
