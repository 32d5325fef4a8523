// language.md's first example, end to end through the API.
import { describe, expect, it } from "vitest";
import { errno, setup, val } from "./helpers.js";

describe("userptr of an mmapped dma-buf is rejected (language.md first example)", () => {
  it("gives the documented outcomes and state", () => {
    const { k, pids: [app] } = setup([["amd", "amdgpu"], ["intel", "i915"], ["nic", "rdma"]]);
    k.beginStep(1);
    const A = val(k.gemCreate(app!, "amd", 2 << 20, "vram"));
    k.beginStep(2);
    const D = val(k.primeHandleToFd(app!, "amd", A));
    const Dref = k.fileOfFd(app!, D)!;
    expect(k.field(Dref, "refs")).toBe(3);
    k.beginStep(3);
    const M = val(k.mmapFd(app!, D));
    const Mref = k.vmaAt(app!, M)!;
    expect(k.field(Dref, "refs")).toBe(4);
    errno(k.i915Userptr(app!, "intel", M, 2 << 20, { probe: true }), "EFAULT");
    const U2 = val(k.i915Userptr(app!, "intel", M, 2 << 20, {}));
    errno(k.gpuUse(app!, "intel", U2), "EFAULT");
    errno(k.rdmaRegMr(app!, "nic", M, 2 << 20), "EFAULT");
    errno(k.amdgpuUserptr(app!, "amd", M, 2 << 20, { anononly: true, register: true, validate: true }), "EPERM");
    errno(k.amdgpuUserptr(app!, "amd", M, 2 << 20, { register: true, validate: true }), "EFAULT");
    errno(k.findBo(app!, "amd", M, 2 << 20), "ENXIO");
    k.finish();
    expect(k.field(Mref, "file")).toEqual(Dref);
    expect(k.field(Mref, "flags")).toContain("PFNMAP");
    expect(k.field(Dref, "refs")).toBe(4);
    expect(k.hazards()).toEqual([]);
  });
});
