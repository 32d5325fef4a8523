// Section 6.4's 5.10 rows: the same mechanisms on 5.10's mappings (TTM
// MIXEDMAP|IO, shmem-helper MIXEDMAP with struct pages, and the page-backed
// dma-buf mappings of vgem, udmabuf and the system heap). i915's first use
// goes through the 5.10 worker: EAGAIN first, then the worker's answer.
import { describe, expect, it } from "vitest";
import type { Kernel, Result } from "../../src/model/index.js";
import { setup, val } from "./helpers.js";

const SZ = 2 * 4096;

function world() {
  const { k, pids: [app] } = setup(
    [["amd", "amdgpu"], ["intel", "i915"], ["nic", "rdma"], ["vg", "vgem"], ["pan", "panfrost"], ["u", "udmabuf"], ["heap", "dma-heap"]],
    ["app"], { profile: "linux-5.10" },
  );
  return { k, app: app! };
}

const answer = (r: Result<unknown>) => (r.ok ? "ok" : "errno" in r ? r.errno : r.signal);

const targets: Record<string, (k: Kernel, app: number) => number> = {
  "TTM chardev map (MIXEDMAP|IO)": (k, app) => val(k.mmapDevice(app, "amd", app, val(k.gemCreate(app, "amd", SZ)))),
  "shmem-helper chardev map (MIXEDMAP)": (k, app) => val(k.mmapDevice(app, "pan", app, val(k.gemCreate(app, "pan", SZ)))),
  "vgem dma-buf map (shmem swap)": (k, app) => val(k.mmapFd(app, val(k.primeHandleToFd(app, "vg", val(k.gemCreate(app, "vg", SZ)))))),
  "udmabuf map (struct pages)": (k, app) => {
    const m = val(k.memfd(app, SZ, ["shrink"]));
    return val(k.mmapFd(app, val(k.udmabufCreate(app, "u", k.memfdOfVma(app, m)!, 0, SZ))));
  },
  "heap map (faulted pages)": (k, app) => val(k.mmapFd(app, val(k.heapAlloc(app, "heap", SZ)))),
};

// [amdgpu ANONONLY|REGISTER|VALIDATE, amdgpu REGISTER|VALIDATE, i915 first use, i915 second use, RDMA reg_mr]
const matrix: Record<string, string[]> = {
  "TTM chardev map (MIXEDMAP|IO)": ["EPERM", "EFAULT", "EAGAIN", "EFAULT", "EFAULT"],
  "shmem-helper chardev map (MIXEDMAP)": ["EPERM", "ok", "EAGAIN", "ok", "ok"],
  "vgem dma-buf map (shmem swap)": ["EPERM", "ok", "EAGAIN", "ok", "ok"],
  "udmabuf map (struct pages)": ["EPERM", "ok", "EAGAIN", "ok", "ok"],
  "heap map (faulted pages)": ["EPERM", "ok", "EAGAIN", "ok", "ok"],
};

describe("section 6.4 on 5.10", () => {
  for (const [name, make] of Object.entries(targets)) {
    it(name, () => {
      const got: string[] = [];
      for (const f of [{ anononly: true, register: true, validate: true }, { register: true, validate: true }]) {
        const { k, app } = world();
        got.push(answer(k.amdgpuUserptr(app, "amd", make(k, app), SZ, f)));
      }
      const { k, app } = world();
      const U = val(k.i915Userptr(app, "intel", make(k, app), SZ, {}));
      got.push(answer(k.gpuUse(app, "intel", U)), answer(k.gpuUse(app, "intel", U)));
      const w = world();
      got.push(answer(w.k.rdmaRegMr(w.app, "nic", make(w.k, w.app), SZ)));
      expect(got).toEqual(matrix[name]);
    });
  }
});
