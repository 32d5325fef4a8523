// TTM moves and the reverse map (kernel-semantics §4.d, §5, facts 37-38):
// eviction destinations, a chosen placement, pinned BOs, amdgpu_bo_pin and
// unpin, the zap of every mapping on the device mapping, refaults into the
// new placement, and the stale PTE of a mapping the zap cannot reach.
import { describe, expect, it } from "vitest";
import type { KernelOptions } from "../../src/model/index.js";
import { errno, setup, val } from "./helpers.js";

function amd(opts: KernelOptions = {}, extra: [string, "panfrost" | "vgem" | "i915"][] = []) {
  const { k, pids: [app] } = setup([["amd", "amdgpu"], ...extra], ["app"], opts);
  return { k, app: app! };
}

describe("eviction and placement", () => {
  it("evicts VRAM to GTT and GTT to the CPU domain (amdgpu_evict_flags); the CPU domain stays", () => {
    const { k, app } = amd();
    const A = val(k.gemCreate(app, "amd", 8192, "vram"));
    const G = k.gemOfHandle(app, "amd", A)!;
    val(k.evict(app, "amd", A));
    expect(k.field(G, "domain")).toBe("gtt");
    val(k.evict(app, "amd", A));
    expect(k.field(G, "domain")).toBe("cpu");
    val(k.evict(app, "amd", A));
    expect(k.field(G, "domain")).toBe("cpu");
    expect(k.events().filter((e) => e.what === "move").map((e) => e.detail)).toEqual(["vram -> gtt", "gtt -> cpu"]);
  });

  it("moves to a chosen placement; `system` means the CPU domain", () => {
    const { k, app } = amd();
    const A = val(k.gemCreate(app, "amd", 8192, "gtt"));
    val(k.evict(app, "amd", A, "vram"));
    expect(k.field(k.gemOfHandle(app, "amd", A)!, "domain")).toBe("vram");
    val(k.evict(app, "amd", A, "system"));
    expect(k.field(k.gemOfHandle(app, "amd", A)!, "domain")).toBe("cpu");
  });

  it("a chosen placement of a pinned BO is skipped by amdgpu's validation (refused, no errno); eviction never picks it", () => {
    for (const profile of ["linux-6.1", "linux-6.12", "linux-7.2"] as const) {
      const { k, app } = amd({ profile });
      const A = val(k.gemCreate(app, "amd", 8192, "vram"));
      val(k.gpuPin(app, "amd", A));
      val(k.evict(app, "amd", A, "gtt"));
      expect(k.refused()?.cite).toBe("drivers/gpu/drm/amd/amdgpu/amdgpu_cs.c: amdgpu_cs_bo_validate");
      expect(k.field(k.gemOfHandle(app, "amd", A)!, "domain")).toBe("vram");
      val(k.evict(app, "amd", A));
      expect(k.field(k.gemOfHandle(app, "amd", A)!, "domain")).toBe("vram");
      expect(k.events().at(-1)!.detail).toMatch(/^refused: pinned BOs are not on the LRU/);
    }
  });

  it("5.10: amdgpu's validation skips a pinned BO without an error and without a move", () => {
    const { k, app } = amd({ profile: "linux-5.10" });
    const A = val(k.gemCreate(app, "amd", 8192, "vram"));
    val(k.gpuPin(app, "amd", A));
    val(k.evict(app, "amd", A, "gtt"));
    expect(k.field(k.gemOfHandle(app, "amd", A)!, "domain")).toBe("vram");
    expect(k.events().at(-1)!.detail).toBe("refused: amdgpu.bo-validate-pinned");
  });

  it("a userptr BO's placement cannot be chosen (EPERM); an import cannot go to VRAM (EINVAL)", () => {
    const { k, app } = amd({}, [["vgem", "vgem"]]);
    const U = val(k.amdgpuUserptr(app, "amd", val(k.anon(app, 8192)), 8192, { register: true }));
    errno(k.evict(app, "amd", U, "gtt"), "EPERM");
    const D = val(k.primeHandleToFd(app, "vgem", val(k.gemCreate(app, "vgem", 8192))));
    const B = val(k.primeFdToHandle(app, "amd", D));
    errno(k.evict(app, "amd", B, "vram"), "EINVAL");
    errno(k.evict(app, "amd", 99), "ENOENT");
  });

  it("i915 eviction unbinds the object: its pages and CPU mapping stay", () => {
    const { k, pids: [app] } = setup([["intel", "i915"]]);
    const A = val(k.gemCreate(app!, "intel", 8192));
    const M = val(k.mmapDevice(app!, "intel", app!, A));
    val(k.touch(app!, M, 0, false));
    val(k.evict(app!, "intel", A));
    expect(k.field(k.vmaAt(app!, M)!, "ptes")).toBe(2);
    expect(k.events().some((e) => e.what === "zap")).toBe(false);
    k.finish();
    expect(k.hazards()).toEqual([]);
  });
});

describe("amdgpu_bo_pin and unpin", () => {
  it("pins where the BO is by default, in another domain by moving it, and refuses a second domain", () => {
    const { k, app } = amd();
    const A = val(k.gemCreate(app, "amd", 8192, "gtt"));
    const G = k.gemOfHandle(app, "amd", A)!;
    val(k.gpuPin(app, "amd", A, "vram"));
    expect(k.field(G, "domain")).toBe("vram");
    val(k.gpuPin(app, "amd", A));
    expect(k.field(G, "pins")).toBe(2);
    errno(k.gpuPin(app, "amd", A, "gtt"), "EINVAL");
    val(k.gpuUnpin(app, "amd", A));
    val(k.gpuUnpin(app, "amd", A));
    expect(k.field(G, "pins")).toBe(0);
    k.finish();
    expect(k.hazards()).toEqual([]);
  });

  it("a userptr BO cannot be pinned (EPERM)", () => {
    const { k, app } = amd();
    const U = val(k.amdgpuUserptr(app, "amd", val(k.anon(app, 8192)), 8192, { register: true }));
    errno(k.gpuPin(app, "amd", U), "EPERM");
  });

  it("pinning an import pins its exporter through dma_buf_pin, GTT only", () => {
    const { k, pids: [app] } = setup([["amd0", "amdgpu"], ["amd1", "amdgpu"]], ["app"], { knobs: { "move-notify": "on" } });
    const A = val(k.gemCreate(app!, "amd0", 8192, "vram"));
    const B = val(k.primeFdToHandle(app!, "amd1", val(k.primeHandleToFd(app!, "amd0", A))));
    errno(k.gpuPin(app!, "amd1", B, "vram"), "EINVAL");
    val(k.gpuPin(app!, "amd1", B, "gtt"));
    const EA = k.gemOfHandle(app!, "amd0", A)!;
    expect(k.field(EA, "pins")).toBe(1);
    expect(k.field(EA, "domain")).toBe("gtt");
    val(k.gpuUnpin(app!, "amd1", B));
    expect(k.field(EA, "pins")).toBe(0);
  });

  it("unpinning a BO that is not pinned WARNs and is a refcount underflow, nothing changes", () => {
    const { k, app } = amd();
    const A = val(k.gemCreate(app, "amd", 8192));
    k.beginStep(2);
    val(k.gpuUnpin(app, "amd", A));
    expect(k.hazards().map((h) => [h.kind, h.step])).toEqual([["refcount-underflow", 2]]);
    expect(k.events().some((e) => e.what === "warn")).toBe(true);
  });

  it("a driver pin is its own holder (no leak); a BO released while pinned takes its pin with it (ttm_bo_release)", () => {
    const { k, app } = amd();
    const A = val(k.gemCreate(app, "amd", 8192));
    val(k.gpuPin(app, "amd", A));
    val(k.gemClose(app, "amd", A));
    k.finish();
    expect(k.hazards().map((h) => h.kind)).toEqual([]);
    const { k: k2, app: a2 } = amd();
    const B = val(k2.gemCreate(a2, "amd", 8192));
    val(k2.gpuPin(a2, "amd", B));
    k2.finish();
    expect(k2.hazards()).toEqual([]);
  });
});

describe("fact 37: one zap reaches every mapping on the device mapping", () => {
  it("chardev, dma-buf fd and forwarded mappings are all zapped by a move, and refault at the new placement", () => {
    const { k, pids: [app] } = setup([["amd", "amdgpu"], ["pan", "panfrost"]]);
    const A = val(k.gemCreate(app!, "amd", 8192, "gtt"));
    const D = val(k.primeHandleToFd(app!, "amd", A));
    const B = val(k.primeFdToHandle(app!, "pan", D)); // static import: pins A in GTT
    const M1 = val(k.mmapDevice(app!, "amd", app!, A));
    const M2 = val(k.mmapFd(app!, D));
    const M3 = val(k.mmapDevice(app!, "pan", app!, B));
    for (const m of [M1, M2, M3]) val(k.touch(app!, m, 0, true));
    val(k.evict(app!, "amd", A, "vram")); // the static importer's pin holds it: refused
    expect(k.field(k.gemOfHandle(app!, "amd", A)!, "domain")).toBe("gtt");
    val(k.gemClose(app!, "pan", B)); // the import goes (the forwarded VMA holds no reference on it): detach, unpin
    expect(k.field(k.gemOfHandle(app!, "amd", A)!, "pins")).toBe(0);
    k.beginStep(9);
    val(k.evict(app!, "amd", A, "vram"));
    k.endStep();
    const zapped = k.events().filter((e) => e.step === 9 && e.what === "zap").map((e) => e.objects[0]);
    expect(zapped).toEqual([M1, M2, M3].map((m) => k.vmaAt(app!, m)));
    for (const m of [M1, M2, M3]) expect(k.field(k.vmaAt(app!, m)!, "ptes")).toBe(0);
    val(k.touch(app!, M3, 1, false));
    expect(k.events().at(-1)!.detail).toBe("page 1 -> vram");
    k.finish();
    expect(k.hazards()).toEqual([]);
  });

  it("a driver dropping a pin it does not own lets the BO move under a static importer: stale-sgt", () => {
    const { k, pids: [app] } = setup([["amd", "amdgpu"], ["pan", "panfrost"]]);
    const A = val(k.gemCreate(app!, "amd", 8192, "gtt"));
    val(k.primeFdToHandle(app!, "pan", val(k.primeHandleToFd(app!, "amd", A))));
    val(k.gpuUnpin(app!, "amd", A));
    val(k.evict(app!, "amd", A, "vram"));
    k.finish();
    expect(k.hazards().map((h) => h.kind)).toEqual(["stale-sgt"]);
  });
});

describe("fact 38: a mapping outside the exporter's reverse-map key", () => {
  function forwarded(mode: string) {
    const { k, pids: [app] } = setup([["amd", "amdgpu"], ["pan", "panfrost"]], ["app"], { knobs: { "forward-mmap": mode } });
    val(k.gemCreate(app!, "amd", 4 * 4096)); // offsets of the two devices differ
    const A = val(k.gemCreate(app!, "amd", 8192, "gtt"));
    const D = val(k.primeHandleToFd(app!, "amd", A));
    const B = val(k.primeFdToHandle(app!, "pan", D));
    const M = val(k.mmapDevice(app!, "pan", app!, B));
    return { k, app: app!, A, D, M };
  }

  it("mainline: the forwarded mapping is on the exporter's mapping at the exporter's offset", () => {
    const { k, app, D, M } = forwarded("mainline");
    const v = k.vmaAt(app, M)!;
    expect(k.field(v, "file")).toEqual(k.fileOfFd(app, D));
    expect(k.field(v, "pgoff")).toBe(0x100004);
  });

  it("no-file-swap: the zap misses the VMA (importer's mapping), its PTE goes stale, fork WARNs", () => {
    const { k, app, A, D, M } = forwarded("no-file-swap");
    const v = k.vmaAt(app, M)!;
    expect(k.field(v, "file")).not.toEqual(k.fileOfFd(app, D));
    val(k.touch(app, M, 0, false));
    val(k.gemClose(app, "pan", 1));
    k.beginStep(7);
    val(k.evict(app, "amd", A, "vram"));
    k.endStep();
    expect(k.events().filter((e) => e.step === 7 && e.what === "zap")).toEqual([]);
    expect(k.hazards().map((h) => h.kind)).toEqual(["stale-pte"]);
    val(k.fork(app, "child"));
    expect(k.events().filter((e) => e.what === "warn").map((e) => e.detail)).toContain("ttm.vm-open-warn");
  });

  it("no-pgoff-translate: the file is swapped but vm_pgoff stays the importer's, so TTM's fault offset is out of range: SIGBUS", () => {
    const { k, app, M } = forwarded("no-pgoff-translate");
    expect(k.field(k.vmaAt(app, M)!, "pgoff")).toBe(0x100000);
    const f = errno(k.touch(app, M, 0, false), "SIGBUS");
    expect(f.cite).toBe("drivers/gpu/drm/ttm/ttm_bo_vm.c: ttm_bo_vm_fault_reserved");
  });
});
