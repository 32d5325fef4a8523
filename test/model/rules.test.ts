// The rule table: every rule carries a well-formed cite; ids are unique; every
// Fail the model can produce carries a registered cite.
import { describe, expect, it } from "vitest";
import { CITE_FORM, Kernel, allRules, isRegisteredCite } from "../../src/model/index.js";
import { setup } from "./helpers.js";

describe("rules", () => {
  it("has rules, each with a cite of the form `path/file.c: function`", () => {
    new Kernel();
    const rules = allRules();
    expect(rules.length).toBeGreaterThan(80);
    for (const r of rules) {
      expect(r.cite, r.id).toMatch(CITE_FORM);
      expect(r.summary.length, r.id).toBeGreaterThan(10);
      expect(r.profiles === "all" || r.profiles.length > 0, r.id).toBe(true);
    }
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  it("every Fail from a sweep of bad calls carries a registered cite", () => {
    const { k, pids: [app] } = setup([
      ["amd", "amdgpu"], ["intel", "i915"], ["nic", "rdma"], ["vg", "vgem"], ["pan", "panfrost"], ["u", "udmabuf"], ["heap", "dma-heap"],
    ]);
    const a = app!;
    const results = [
      k.gemCreate(a, "amd", 0), k.gemCreate(a, "intel", 0), k.gemCreate(a, "vg", 0), k.gemCreate(a, "pan", 0),
      k.gemCreate(a, "nic", 4096), k.gemCreate(a, "u", 4096), k.gemCreate(a, "nope", 4096), k.gemCreate(99, "amd", 4096),
      k.gemClose(a, "amd", 9), k.primeHandleToFd(a, "vg", 9), k.primeFdToHandle(a, "vg", 77),
      k.mmapFd(a, 77), k.mmapFd(a, 3, { offset: 1 }), k.mmapFd(a, 3, { len: 0 }), k.mmapFd(a, k.deviceFd(a, "nic")!, { len: 4096 }),
      k.mmapDevice(a, "amd", a, 9), k.mmapDevice(a, "intel", a, 9), k.mmapDevice(a, "vg", a, 9), k.mmapDevice(a, "pan", a, 9),
      k.touch(a, 0x1000, 0, false), k.pin(a, 0x1000, 4096), k.gup(a, 0x1000, 4096),
      k.amdgpuUserptr(a, "amd", 1, 4096, {}), k.i915Userptr(a, "intel", 0x1000, 4096, { probe: true }),
      k.gpuUse(a, "amd", 9), k.gpuUse(a, "intel", 9), k.gpuUse(a, "pan", 9), k.gpuUse(a, "vg", 1),
      k.rdmaRegMr(a, "nic", 0x1000, 0), k.rdmaDeregMr(a, "nic", 5),
      k.udmabufCreate(a, "u", { kind: "file", id: 999 }, 0, 4096), k.heapAlloc(a, "heap", 0),
      k.findBo(a, "amd", 0, 0), k.findBo(a, "amd", 0x1000, 4096), k.munmap(a, 3), k.close(a, 50),
      k.closeDevice(a, "nope"), k.send(a, 50, a), k.exit(99), k.fork(99, "x"), k.anon(a, 0),
    ];
    for (const r of results) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(isRegisteredCite(r.cite), r.cite).toBe(true);
    }
  });

  it("profiles: all four are modelled and construct", () => {
    for (const p of ["linux-5.10", "linux-6.1", "linux-6.12", "linux-7.2"] as const) {
      expect(Kernel.supportsProfile(p)).toBe(true);
      expect(new Kernel({ profile: p }).profile).toBe(p);
    }
  });
});
