// vgem fences, as the real 6.12.118 kernel answered (real-kernel-6.12.md):
// a second write fence EBUSY, a read fence while a write fence is pending
// EBUSY, signalling twice ENOENT, an unknown id ENOENT; fences of an import
// sit on the exporter's reservation object.
import { describe, expect, it } from "vitest";
import type { ObjRef } from "../../src/model/index.js";
import { errno, setup, val } from "./helpers.js";

function vg() {
  const { k, pids: [app] } = setup([["vg", "vgem"], ["heap", "dma-heap"], ["amd", "amdgpu"]]);
  return { k, app: app!, B: val(k.gemCreate(app!, "vg", 8192)) };
}

describe("vgem fences", () => {
  it("write, then a second write and a read are EBUSY; after the signal both attach", () => {
    const { k, app, B } = vg();
    const F = val(k.vgemFenceAttach(app, "vg", B, { write: true }));
    expect(F).toBe(1);
    errno(k.vgemFenceAttach(app, "vg", B, { write: true }), "EBUSY");
    errno(k.vgemFenceAttach(app, "vg", B), "EBUSY");
    val(k.vgemFenceSignal(app, "vg", F));
    expect(val(k.vgemFenceAttach(app, "vg", B))).toBe(2); // the signalled slot stays taken
    expect(val(k.vgemFenceAttach(app, "vg", B))).toBe(3); // read fences share
    errno(k.vgemFenceAttach(app, "vg", B, { write: true }), "EBUSY");
  });

  it("signalling twice, or an id never handed out, is ENOENT", () => {
    const { k, app, B } = vg();
    const F = val(k.vgemFenceAttach(app, "vg", B, { write: true }));
    val(k.vgemFenceSignal(app, "vg", F));
    const f = errno(k.vgemFenceSignal(app, "vg", F), "ENOENT");
    expect(f.cite).toBe("drivers/gpu/drm/vgem/vgem_fence.c: vgem_fence_signal_ioctl");
    errno(k.vgemFenceSignal(app, "vg", 42), "ENOENT");
    errno(k.vgemFenceAttach(app, "vg", 42), "ENOENT");
  });

  it("an import's fences are on the dma-buf's reservation object: two imports of one buffer conflict", () => {
    const { k, pids: [app, other] } = setup([["vg", "vgem"], ["heap", "dma-heap"]], ["app", "other"]);
    const H = val(k.heapAlloc(app!, "heap", 8192));
    const B1 = val(k.primeFdToHandle(app!, "vg", H));
    const H2 = val(k.send(app!, H, other!));
    const B2 = val(k.primeFdToHandle(other!, "vg", H2));
    val(k.vgemFenceAttach(app!, "vg", B1, { write: true }));
    errno(k.vgemFenceAttach(other!, "vg", B2), "EBUSY");
  });

  it("is vgem's ioctl only", () => {
    const { k, app } = vg();
    errno(k.vgemFenceAttach(app, "amd", 1), "EINVAL");
  });
});

describe("vgem fences and the drm file", () => {
  it("closing the vgem file signals its pending fences (vgem_fence_close)", () => {
    const { k, pids: [app, other] } = setup([["vg", "vgem"], ["heap", "dma-heap"]], ["app", "other"]);
    const H = val(k.heapAlloc(app!, "heap", 8192));
    val(k.vgemFenceAttach(app!, "vg", val(k.primeFdToHandle(app!, "vg", H)), { write: true }));
    const B2 = val(k.primeFdToHandle(other!, "vg", val(k.send(app!, H, other!))));
    errno(k.vgemFenceAttach(other!, "vg", B2), "EBUSY");
    val(k.closeDevice(app!, "vg"));
    val(k.vgemFenceAttach(other!, "vg", B2));
  });
});

describe("sync_file fds (EXPORT/IMPORT_SYNC_FILE)", () => {
  function world(profile?: "linux-5.10") {
    const { k, pids: [app] } = setup([["vg", "vgem"], ["heap", "dma-heap"]], ["app"], profile ? { profile } : {});
    const A = val(k.gemCreate(app!, "vg", 4096));
    const D = val(k.primeHandleToFd(app!, "vg", A));
    return { k, app: app!, A, D };
  }
  type K = ReturnType<typeof world>["k"];
  const fences = (k: K, app: number, fd: number) => k.field(k.fileOfFd(app, fd)!, "fences");
  /** A dma-buf fd operation on an fd that is one. */
  const fdOp = (k: K, app: number, fd: number, op: Parameters<K["dmaBufFdOp"]>[2]) => {
    const r = k.dmaBufFdOp(app, fd, op);
    if (r === "not-dma-buf") throw new Error(`fd ${fd} is not a dma-buf`);
    return r;
  };

  it("an export for a read holds the write fences only, for a write every fence", () => {
    const { k, app, A, D } = world();
    val(k.vgemFenceAttach(app, "vg", A)); // a read fence
    expect(fences(k, app, val(fdOp(k, app, D, { op: "export-sync", write: false })))).toBe(0);
    const S = val(fdOp(k, app, D, { op: "export-sync", write: true }));
    expect(fences(k, app, S)).toBe(1);
    expect(k.field(k.fileOfFd(app, S)!, "type")).toBe("sync_file");
  });

  it("an import adds the fences with the usage asked for; they signal with the original; a non-sync fd is EINVAL", () => {
    const { k, app, A, D } = world();
    const B = val(k.gemCreate(app, "vg", 4096));
    const E = val(k.primeHandleToFd(app, "vg", B));
    const F = val(k.vgemFenceAttach(app, "vg", A, { write: true }));
    const S = val(fdOp(k, app, D, { op: "export-sync", write: true }));
    val(fdOp(k, app, E, { op: "import-sync", write: true, from: S }));
    errno(k.vgemFenceAttach(app, "vg", B), "EBUSY");
    expect(errno(fdOp(k, app, E, { op: "import-sync", write: false, from: D }), "EINVAL").cite).toBe("drivers/dma-buf/dma-buf.c: dma_buf_import_sync_file");
    val(k.vgemFenceSignal(app, "vg", F));
    expect(fences(k, app, E)).toBe(0);
    val(k.vgemFenceAttach(app, "vg", B));
  });

  it("a sync_file made after the last one closed sits on a live inode", () => {
    const { k, app, D } = world();
    const S1 = val(fdOp(k, app, D, { op: "export-sync", write: true }));
    val(k.close(app, S1));
    const S2 = val(fdOp(k, app, D, { op: "export-sync", write: true }));
    const inode = k.field(k.fileOfFd(app, S2)!, "mapping") as ObjRef;
    expect(k.field(inode, "refs")).toBe(1);
  });

  it("5.10 has neither ioctl: ENOTTY", () => {
    const { k, app, D } = world("linux-5.10");
    errno(fdOp(k, app, D, { op: "export-sync", write: true }), "ENOTTY");
    errno(fdOp(k, app, D, { op: "import-sync", write: true, from: D }), "ENOTTY");
  });
});
