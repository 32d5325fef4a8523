// Attachments (kernel-semantics §2): static vs dynamic, the core's pin rules
// per profile and the move-notify knob, move_notify reaching dynamic
// importers only, peer2peer, the stale-sgt hazard, and dma-buf MRs.
import { describe, expect, it } from "vitest";
import type { KernelOptions } from "../../src/model/index.js";
import { errno, setup, val } from "./helpers.js";

function twoAmd(opts: KernelOptions = {}) {
  const { k, pids: [app] } = setup([["amd0", "amdgpu"], ["amd1", "amdgpu"], ["vg", "vgem"], ["nic", "rdma"]], ["app"], opts);
  const A = val(k.gemCreate(app!, "amd0", 8192, "vram"));
  const D = val(k.primeHandleToFd(app!, "amd0", A));
  return { k, app: app!, A, D, EA: k.gemOfHandle(app!, "amd0", A)! };
}

describe("the core's pin rules", () => {
  it("MOVE_NOTIFY off (Debian): a dynamic importer's mapping pins the exporter into GTT", () => {
    const { k, app, D, EA } = twoAmd();
    const B = val(k.primeFdToHandle(app, "amd1", D));
    val(k.gpuUse(app, "amd1", B));
    expect(k.field(EA, "pins")).toBe(1);
    expect(k.field(EA, "domain")).toBe("gtt");
    val(k.evict(app, "amd0", 1, "vram"));
    expect(k.refused()).toBeDefined();
    expect(k.field(EA, "domain")).toBe("gtt");
  });

  it("move-notify=on: a dynamic importer's mapping does not pin; a move notifies it and drops its mapping", () => {
    const { k, app, A, D, EA } = twoAmd({ knobs: { "move-notify": "on" } });
    const B = val(k.primeFdToHandle(app, "amd1", D));
    val(k.gpuUse(app, "amd1", B));
    expect(k.field(EA, "pins")).toBe(0);
    expect(k.field(EA, "domain")).toBe("gtt"); // amdgpu_dma_buf_map validates into GTT without peer2peer
    k.beginStep(5);
    val(k.evict(app, "amd0", A, "vram"));
    k.endStep();
    const moves = k.events().filter((e) => e.step === 5).map((e) => `${e.what}${e.what === "move" ? ` ${e.detail}` : ""}`);
    expect(moves).toEqual(["move_notify", "move gtt -> cpu", "unmap_attachment", "move gtt -> vram"]); // the import BO leaves GTT first
    val(k.gpuUse(app, "amd1", B)); // re-mapped: back to GTT
    k.finish();
    expect(k.hazards()).toEqual([]);
  });

  it("move-notify=on with p2p: a VRAM BO stays in VRAM for a peer2peer importer", () => {
    const { k, app, D, EA } = twoAmd({ knobs: { "move-notify": "on", p2p: "on" } });
    val(k.gpuUse(app, "amd1", val(k.primeFdToHandle(app, "amd1", D))));
    expect(k.field(EA, "domain")).toBe("vram");
    expect(k.events().find((e) => e.what === "attach")!.detail).toBe("amd1 dynamic peer2peer");
  });

  it("a static importer pins at attach (<= 6.12), at map on 7.2", () => {
    for (const [profile, pinsAfterImport] of [["linux-6.12", 1], ["linux-7.2", 0]] as const) {
      const { k, pids: [app] } = setup([["amd", "amdgpu"], ["intel", "i915"]], ["app"], { profile });
      const A = val(k.gemCreate(app!, "amd", 8192, "vram"));
      const B = val(k.primeFdToHandle(app!, "intel", val(k.primeHandleToFd(app!, "amd", A))));
      const EA = k.gemOfHandle(app!, "amd", A)!;
      expect(k.field(EA, "pins"), profile).toBe(pinsAfterImport);
      val(k.gpuUse(app!, "intel", B));
      expect(k.field(EA, "pins"), profile).toBe(1);
      expect(k.field(EA, "domain"), profile).toBe("gtt");
    }
  });

  it("7.2: a dynamic importer is never pinned by the core, whatever the knob", () => {
    const { k, app, D, EA } = twoAmd({ profile: "linux-7.2" });
    val(k.gpuUse(app, "amd1", val(k.primeFdToHandle(app, "amd1", D))));
    expect(k.field(EA, "pins")).toBe(0);
  });

  it("<= 6.12: mapping a BO pinned in VRAM for an importer is EBUSY (amdgpu_dma_buf_map); 7.2 maps it", () => {
    for (const [profile, ok] of [["linux-6.12", false], ["linux-7.2", true]] as const) {
      const { k, app, A, D } = twoAmd({ profile, knobs: { "move-notify": "on" } });
      val(k.gpuPin(app, "amd0", A));
      const B = val(k.primeFdToHandle(app, "amd1", D));
      const r = k.gpuUse(app, "amd1", B);
      if (ok) val(r);
      else expect(errno(r, "EBUSY").cite).toBe("drivers/gpu/drm/amd/amdgpu/amdgpu_dma_buf.c: amdgpu_dma_buf_map");
    }
  });
});

describe("move notification and stale mappings", () => {
  it("static importers are never notified", () => {
    const { k, app, A, D } = twoAmd();
    val(k.primeFdToHandle(app, "vg", D));
    val(k.gpuUnpin(app, "amd0", A)); // unbalanced: takes the static importer's pin away
    val(k.evict(app, "amd0", A, "vram"));
    k.finish();
    expect(k.events().some((e) => e.what === "move_notify")).toBe(false);
    expect(k.hazards().map((h) => h.kind)).toEqual(["stale-sgt"]);
  });

  it("an exporter whose last handle is closed no longer notifies (obj->dma_buf is NULL): the dynamic importer's mapping goes stale", () => {
    const { k, app, A, D } = twoAmd({ knobs: { "move-notify": "on", p2p: "on" } });
    val(k.gpuUse(app, "amd1", val(k.primeFdToHandle(app, "amd1", D)))); // stays in VRAM (peer2peer)
    val(k.gemClose(app, "amd0", A));
    k.beginStep(6);
    val(k.primeFdToHandle(app, "vg", D)); // the static import pins the BO into GTT: a move
    k.endStep();
    const whats = k.events().filter((e) => e.step === 6).map((e) => e.what);
    expect(whats).toContain("move");
    expect(whats).not.toContain("move_notify");
    expect(k.hazards().map((h) => [h.kind, h.step])).toEqual([["stale-sgt", 6]]);
  });

  it("the move a static import's pin makes reaches dynamic importers first", () => {
    const { k, app, D } = twoAmd({ knobs: { "move-notify": "on", p2p: "on" } });
    val(k.gpuUse(app, "amd1", val(k.primeFdToHandle(app, "amd1", D)))); // stays in VRAM (peer2peer)
    k.beginStep(4);
    val(k.primeFdToHandle(app, "vg", D));
    k.endStep();
    const whats = k.events().filter((e) => e.step === 4).map((e) => e.what);
    expect(whats.indexOf("move_notify")).toBeLessThan(whats.indexOf("move"));
    expect(k.hazards()).toEqual([]);
  });
});

describe("dma-buf MRs", () => {
  it("pinned (default): dma_buf_pin and a mapping at registration, all undone at dereg", () => {
    const { k, app, D, EA } = twoAmd({ knobs: { "move-notify": "on" } });
    const R = val(k.rdmaRegDmabufMr(app, "nic", D));
    expect(k.field(EA, "pins")).toBe(1);
    expect(k.field(EA, "domain")).toBe("gtt");
    expect(k.field(k.mrRef(R), "valid")).toBe(true);
    expect(k.field(k.fileOfFd(app, D)!, "refs")).toBe(4); // fd, export cache, prime cache, the MR's dma_buf_get
    val(k.rdmaDeregMr(app, "nic", R));
    expect(k.field(EA, "pins")).toBe(0);
    expect(k.field(k.fileOfFd(app, D)!, "attachments")).toBe(0);
    expect(k.field(k.fileOfFd(app, D)!, "refs")).toBe(3);
    k.finish();
    expect(k.hazards()).toEqual([]);
  });

  it("6.12: the pin moves a VRAM BO to GTT, and the move calls the pinned MR's own move callback, which only warns", () => {
    const { k, app, D, EA } = twoAmd({ knobs: { p2p: "on" } });
    val(k.rdmaRegDmabufMr(app, "nic", D));
    expect(k.field(EA, "domain")).toBe("gtt");
    expect(k.events().filter((e) => e.what === "warn").map((e) => e.detail)).toEqual(["rdma.umem-dmabuf-pinned-notify"]);
  });

  it("7.2: with every attachment peer2peer the pin keeps a VRAM BO in VRAM; a later non-p2p importer's GTT pin is EINVAL", () => {
    const { k, pids: [app] } = setup([["amd", "amdgpu"], ["intel", "i915"], ["nic", "rdma"]], ["app"], { profile: "linux-7.2", knobs: { p2p: "on" } });
    const A = val(k.gemCreate(app!, "amd", 8192, "vram"));
    const D = val(k.primeHandleToFd(app!, "amd", A));
    val(k.rdmaRegDmabufMr(app!, "nic", D));
    expect(k.field(k.gemOfHandle(app!, "amd", A)!, "domain")).toBe("vram");
    expect(k.events().some((e) => e.what === "warn" || e.what === "move")).toBe(false);
    const B = val(k.primeFdToHandle(app!, "intel", D)); // 7.2: the static import maps (and pins) at first use
    expect(errno(k.gpuUse(app!, "intel", B), "EINVAL").cite).toBe("drivers/gpu/drm/amd/amdgpu/amdgpu_object.c: amdgpu_bo_pin");
  });

  it("dynamic (mlx5): with move-notify on, a move invalidates the MR's mapping", () => {
    const { k, app, A, D } = twoAmd({ knobs: { "move-notify": "on" } });
    const R = val(k.rdmaRegDmabufMr(app, "nic", D, { dynamic: true }));
    val(k.evict(app, "amd0", A, "vram"));
    expect(k.field(k.mrRef(R), "valid")).toBe(false);
    k.finish();
    expect(k.hazards()).toEqual([]);
  });

  it("range checks and the 5.10 kernel without the method", () => {
    const { k, app, D } = twoAmd();
    errno(k.rdmaRegDmabufMr(app, "nic", D, { offset: 4096, len: 8192 }), "EINVAL");
    errno(k.rdmaRegDmabufMr(app, "nic", 77), "EBADF");
    errno(k.rdmaRegDmabufMr(app, "nic", k.deviceFd(app, "amd1")!), "EINVAL"); // a drm fd is not a dma-buf
    const old = twoAmd({ profile: "linux-5.10" });
    expect(errno(old.k.rdmaRegDmabufMr(old.app, "nic", old.D), "EPROTONOSUPPORT").cite).toBe("drivers/infiniband/core/uverbs_ioctl.c: ib_uverbs_cmd_verbs");
  });

  it("a pinned MR of a BO pinned elsewhere fails and leaves nothing attached", () => {
    const { k, app, A, D } = twoAmd();
    val(k.gpuPin(app, "amd0", A, "vram"));
    errno(k.rdmaRegDmabufMr(app, "nic", D), "EINVAL");
    expect(k.field(k.fileOfFd(app, D)!, "attachments")).toBe(0);
    expect(k.field(k.fileOfFd(app, D)!, "refs")).toBe(3);
  });
});
