// Lifetimes across processes and drivers: fork, exit, fd passing, drm file
// release, attachments and pins (errata 11.x, 11.y), and the invariant checks.
import { describe, expect, it } from "vitest";
import { errno, setup, val } from "./helpers.js";

describe("attachments and pins", () => {
  it("errata 11.x: a static importer of an amdgpu VRAM BO pins it into GTT and zaps its CPU mappings", () => {
    const { k, pids: [app] } = setup([["amd", "amdgpu"], ["vg", "vgem"]]);
    const A = val(k.gemCreate(app!, "amd", 8192, "vram"));
    const G = k.gemOfHandle(app!, "amd", A)!;
    const D = val(k.primeHandleToFd(app!, "amd", A));
    const M = val(k.mmapFd(app!, D));
    val(k.touch(app!, M, 0, true));
    expect(k.field(k.vmaAt(app!, M)!, "ptes")).toBe(2);
    k.beginStep(5);
    val(k.primeFdToHandle(app!, "vg", D));
    k.endStep();
    expect(k.field(G, "domain")).toBe("gtt");
    expect(k.field(G, "pins")).toBe(1);
    expect(k.field(k.vmaAt(app!, M)!, "ptes")).toBe(0);
    const whats = k.events().filter((e) => e.step === 5).map((e) => e.what);
    expect(whats.indexOf("zap")).toBeGreaterThan(-1);
    expect(whats.indexOf("zap")).toBeLessThan(whats.indexOf("map_attachment"));
    val(k.touch(app!, M, 1, false));
    k.finish();
    expect(k.hazards()).toEqual([]);
  });

  it("errata 11.y: amdgpu maps an import of a static exporter at import; the BO is in the CPU domain until used", () => {
    const { k, pids: [app] } = setup([["amd", "amdgpu"], ["heap", "dma-heap"]]);
    const H = val(k.heapAlloc(app!, "heap", 8192));
    const B = val(k.primeFdToHandle(app!, "amd", H));
    const G = k.gemOfHandle(app!, "amd", B)!;
    expect(k.field(G, "imported")).toBe(true);
    expect(k.field(G, "domain")).toBe("cpu");
    expect(k.events().filter((e) => e.what === "map_attachment")).toHaveLength(1);
    val(k.gpuUse(app!, "amd", B));
    expect(k.field(G, "domain")).toBe("gtt");
  });

  it("amdgpu importing another amdgpu's buffer attaches dynamically; the first use pins (MOVE_NOTIFY off)", () => {
    const { k, pids: [app] } = setup([["amd0", "amdgpu"], ["amd1", "amdgpu"]]);
    const A = val(k.gemCreate(app!, "amd0", 8192, "vram"));
    const D = val(k.primeHandleToFd(app!, "amd0", A));
    const B = val(k.primeFdToHandle(app!, "amd1", D));
    expect(k.events().some((e) => e.what === "map_attachment")).toBe(false);
    expect(k.field(k.gemOfHandle(app!, "amd0", A)!, "pins")).toBe(0);
    val(k.gpuUse(app!, "amd1", B));
    expect(k.field(k.gemOfHandle(app!, "amd0", A)!, "pins")).toBe(1);
    expect(k.field(k.gemOfHandle(app!, "amd0", A)!, "domain")).toBe("gtt");
  });

  it("a move for a static importer's pin notifies the dynamic importers (dma_buf_move_notify)", () => {
    const { k, pids: [app] } = setup([["amd0", "amdgpu"], ["amd1", "amdgpu"], ["vg", "vgem"]]);
    const D = val(k.primeHandleToFd(app!, "amd0", val(k.gemCreate(app!, "amd0", 8192, "vram"))));
    val(k.primeFdToHandle(app!, "amd1", D));
    val(k.primeFdToHandle(app!, "vg", D));
    const whats = k.events().map((e) => e.what);
    expect(whats.indexOf("move_notify")).toBeGreaterThan(-1);
    expect(whats.indexOf("move_notify")).toBeLessThan(whats.indexOf("move"));
    expect(k.field(k.fileOfFd(app!, D)!, "attachments")).toBe(2);
  });

  it("i915 importing a static exporter maps at first use", () => {
    const { k, pids: [app] } = setup([["intel", "i915"], ["vg", "vgem"]]);
    const D = val(k.primeHandleToFd(app!, "vg", val(k.gemCreate(app!, "vg", 4096))));
    const B = val(k.primeFdToHandle(app!, "intel", D));
    expect(k.events().some((e) => e.what === "map_attachment")).toBe(false);
    errno(k.mmapDevice(app!, "intel", app!, B), "ENODEV");
    val(k.gpuUse(app!, "intel", B));
    expect(k.events().some((e) => e.what === "map_attachment")).toBe(true);
  });

  it("an amdgpu import mapped through its chardev stays attached until the mapping goes (TTM reference)", () => {
    const { k, pids: [app] } = setup([["amd", "amdgpu"], ["vg", "vgem"]]);
    const D = val(k.primeHandleToFd(app!, "vg", val(k.gemCreate(app!, "vg", 4096))));
    const F = k.fileOfFd(app!, D)!;
    const B = val(k.primeFdToHandle(app!, "amd", D));
    const G = k.gemOfHandle(app!, "amd", B)!;
    const M = val(k.mmapDevice(app!, "amd", app!, B));
    val(k.gemClose(app!, "amd", B));
    expect(k.field(G, "refs")).toBe(0);
    expect(k.field(G, "ttm_refs")).toBe(1);
    expect(k.field(F, "attachments")).toBe(1);
    val(k.munmap(app!, M));
    expect(k.field(F, "attachments")).toBe(0);
    expect(k.field(G, "refs")).toBe(0);
    expect(k.field(G, "ttm_refs")).toBeUndefined();
  });
});

describe("processes", () => {
  it("fork duplicates fds and VMAs with their references; the child shares the drm files", () => {
    const { k, pids: [app] } = setup([["vg", "vgem"]]);
    const A = val(k.gemCreate(app!, "vg", 8192));
    const G = k.gemOfHandle(app!, "vg", A)!;
    const D = val(k.primeHandleToFd(app!, "vg", A));
    const F = k.fileOfFd(app!, D)!;
    const M = val(k.mmapFd(app!, D));
    val(k.touch(app!, M, 0, false));
    const child = val(k.fork(app!, "child"));
    expect(k.processName(child)).toBe("child");
    expect(k.field(F, "refs")).toBe(6);
    expect(k.fileOfFd(child, k.deviceFd(app!, "vg")!)).toEqual(k.fileOfFd(app!, k.deviceFd(app!, "vg")!));
    const CM = k.vmaAt(child, M)!;
    expect(k.field(CM, "ptes")).toBe(1);
    expect(k.field(G, "refs")).toBe(4);
    expect(k.gemOfHandle(child, "vg", A)).toEqual(G);
    val(k.exit(child));
    expect(k.field(F, "refs")).toBe(4);
    expect(k.field(CM, "refs")).toBe(0);
    errno(k.touch(child, M, 0, false), "ESRCH");
  });

  it("exit unmaps, then closes every fd: all objects go", () => {
    const { k, pids: [app] } = setup([["amd", "amdgpu"], ["nic", "rdma"]]);
    const A = val(k.gemCreate(app!, "amd", 8192));
    const G = k.gemOfHandle(app!, "amd", A)!;
    const D = val(k.primeHandleToFd(app!, "amd", A));
    const F = k.fileOfFd(app!, D)!;
    val(k.mmapDevice(app!, "amd", app!, A));
    val(k.mmapFd(app!, D));
    const mr = val(k.rdmaRegMr(app!, "nic", val(k.anon(app!, 8192)), 8192));
    val(k.exit(app!));
    expect(k.field(F, "refs")).toBe(0);
    expect(k.field(G, "refs")).toBe(0);
    expect(k.field(k.mrRef(mr), "refs")).toBe(0);
    k.finish();
    expect(k.hazards()).toEqual([]);
  });

  it("send gives the receiver a new fd on the same file", () => {
    const { k, pids: [a, b] } = setup([["heap", "dma-heap"]], ["a", "b"]);
    const H = val(k.heapAlloc(a!, "heap", 4096));
    const E = val(k.send(a!, H, b!));
    expect(k.fileOfFd(b!, E)).toEqual(k.fileOfFd(a!, H));
    expect(E).toBe(4);
    expect(k.field(k.fileOfFd(a!, H)!, "refs")).toBe(2);
    errno(k.send(a!, 42, b!), "EBADF");
    errno(k.close(a!, 42), "EBADF");
  });

  it("fds 0-2 are taken and device files open in actor order", () => {
    const { k, pids: [a] } = setup([["amd", "amdgpu"], ["nic", "rdma"], ["u", "udmabuf"]]);
    expect(k.deviceFd(a!, "amd")).toBe(3);
    expect(k.deviceFd(a!, "nic")).toBe(4);
    expect(k.deviceFd(a!, "u")).toBe(5);
    expect(k.field({ kind: "process", id: a! }, "fds")).toBe(3);
  });

  it("lookup yields the dma-buf a VMA's file is, or none", () => {
    const { k, pids: [app] } = setup([["vg", "vgem"]]);
    const D = val(k.primeHandleToFd(app!, "vg", val(k.gemCreate(app!, "vg", 4096))));
    expect(val(k.lookup(app!, val(k.mmapFd(app!, D))))).toEqual(k.fileOfFd(app!, D));
    expect(val(k.lookup(app!, val(k.anon(app!, 4096))))).toBe(null);
    expect(val(k.lookup(app!, 0x1000))).toBe(null);
  });

  it("mappings are placed top-down with a one-page gap", () => {
    const { k, pids: [app] } = setup([]);
    const a = val(k.anon(app!, 8192));
    const b = val(k.anon(app!, 4096));
    expect(a).toBe(0x7f0000000000 - 8192);
    expect(b).toBe(a - 4096 - 4096);
  });
});

describe("invariants", () => {
  it("a move that misses a VMA leaves a stale PTE, reported once", () => {
    const { k, pids: [app] } = setup([["amd", "amdgpu"]]);
    const A = val(k.gemCreate(app!, "amd", 8192, "vram"));
    const M = val(k.mmapDevice(app!, "amd", app!, A));
    val(k.touch(app!, M, 0, false));
    const internal = (k as unknown as { s: { gems: { gen: number; domain: string }[] } }).s;
    internal.gems[0]!.gen++;
    k.beginStep(2);
    k.endStep();
    k.endStep();
    expect(k.hazards()).toHaveLength(1);
    expect(k.hazards()[0]).toMatchObject({ kind: "stale-pte", step: 2, objects: [k.vmaAt(app!, M), k.gemOfHandle(app!, "amd", A)] });
  });
});
