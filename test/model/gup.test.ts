// Pinning and userptr: the section 6.4 matrix for 6.12 (amdgpu userptr with
// and without ANONONLY, i915 PROBE, i915 pin at first use, RDMA reg_mr) and
// facts 19-23, 25, 27-31, 33; plus the real 6.12.118 long-term pin row.
import { describe, expect, it } from "vitest";
import type { Kernel } from "../../src/model/index.js";
import { errno, setup, val } from "./helpers.js";

const SZ = 2 * 4096;
type Target = (k: Kernel, app: number) => number;

function world() {
  const r = setup([["amd", "amdgpu"], ["intel", "i915"], ["nic", "rdma"], ["vg", "vgem"], ["u", "udmabuf"], ["heap", "dma-heap"]]);
  return { k: r.k, app: r.pids[0]! };
}

const targets: Record<string, Target> = {
  anon: (k, app) => val(k.anon(app, SZ)),
  memfd: (k, app) => val(k.memfd(app, SZ, [])),
  "chardev BO map (TTM)": (k, app) => val(k.mmapDevice(app, "amd", app, val(k.gemCreate(app, "amd", SZ)))),
  "chardev BO map (shmem helper)": (k, app) => val(k.mmapDevice(app, "vg", app, val(k.gemCreate(app, "vg", SZ)))),
  "chardev BO map (i915)": (k, app) => val(k.mmapDevice(app, "intel", app, val(k.gemCreate(app, "intel", SZ)))),
  "dma-buf PFNMAP map (amdgpu)": (k, app) => val(k.mmapFd(app, val(k.primeHandleToFd(app, "amd", val(k.gemCreate(app, "amd", SZ)))))),
  "dma-buf PFNMAP map (udmabuf)": (k, app) => {
    const m = val(k.memfd(app, SZ, ["shrink"]));
    return val(k.mmapFd(app, val(k.udmabufCreate(app, "u", k.memfdOfVma(app, m)!, 0, SZ))));
  },
  "dma-buf PFNMAP map (heap)": (k, app) => val(k.mmapFd(app, val(k.heapAlloc(app, "heap", SZ)))),
  "i915 dma-buf shmem swap": (k, app) => val(k.mmapFd(app, val(k.primeHandleToFd(app, "intel", val(k.gemCreate(app, "intel", SZ)))))),
  "unmapped start": () => 0x10000000,
  "hole inside range": (k, app) => {
    const lo = val(k.anon(app, 4096));
    return lo;
  },
  "read-only VMA": (k, app) => val(k.anon(app, SZ, { write: false })),
};

// [amdgpu ANONONLY|REGISTER|VALIDATE, amdgpu REGISTER|VALIDATE, i915 PROBE, i915 pin at use, RDMA reg_mr writable]
const matrix: Record<string, [string, string, string, string, string]> = {
  anon: ["ok", "ok", "ok", "ok", "ok"],
  memfd: ["EPERM", "ok", "ok", "ok", "ok"],
  "chardev BO map (TTM)": ["EPERM", "EFAULT", "EFAULT", "EFAULT", "EFAULT"],
  "chardev BO map (shmem helper)": ["EPERM", "EFAULT", "EFAULT", "EFAULT", "EFAULT"],
  "chardev BO map (i915)": ["EPERM", "EFAULT", "EFAULT", "EFAULT", "EFAULT"],
  "dma-buf PFNMAP map (amdgpu)": ["EPERM", "EFAULT", "EFAULT", "EFAULT", "EFAULT"],
  "dma-buf PFNMAP map (udmabuf)": ["EPERM", "EFAULT", "EFAULT", "EFAULT", "EFAULT"],
  "dma-buf PFNMAP map (heap)": ["EPERM", "EFAULT", "EFAULT", "EFAULT", "EFAULT"],
  "i915 dma-buf shmem swap": ["EPERM", "ok", "ok", "ok", "ok"],
  "unmapped start": ["EFAULT", "EFAULT", "EFAULT", "EFAULT", "EFAULT"],
  "hole inside range": ["EPERM", "EFAULT", "EFAULT", "EFAULT", "EFAULT"],
  "read-only VMA": ["EPERM", "EPERM", "ok", "EFAULT", "EFAULT"],
};

function expectOutcome(r: { ok: boolean }, want: string): void {
  if (want === "ok") expect(r.ok, JSON.stringify(r)).toBe(true);
  else errno(r as never, want);
}

describe("section 6.4 matrix (linux-6.12)", () => {
  for (const [name, row] of Object.entries(matrix)) {
    it(name, () => {
      const cases: ((k: Kernel, app: number, M: number) => { ok: boolean })[] = [
        (k, app, M) => k.amdgpuUserptr(app, "amd", M, SZ, { anononly: true, register: true, validate: true }),
        (k, app, M) => k.amdgpuUserptr(app, "amd", M, SZ, { register: true, validate: true }),
        (k, app, M) => k.i915Userptr(app, "intel", M, SZ, { probe: true }),
        (k, app, M) => {
          const h = k.i915Userptr(app, "intel", M, SZ, {});
          return h.ok ? k.gpuUse(app, "intel", h.value) : h;
        },
        (k, app, M) => k.rdmaRegMr(app, "nic", M, SZ),
      ];
      cases.forEach((c, i) => {
        const { k, app } = world();
        const M = targets[name]!(k, app);
        expectOutcome(c(k, app, M), row[i]!);
      });
    });
  }

  it("misaligned addr/size: amdgpu and i915 EINVAL, RDMA rounds to pages", () => {
    const { k, app } = world();
    const M = val(k.anon(app, 3 * 4096));
    errno(k.amdgpuUserptr(app, "amd", M + 8, SZ, { register: true, validate: true }), "EINVAL");
    errno(k.i915Userptr(app, "intel", M, 4000, {}), "EINVAL");
    const mr = val(k.rdmaRegMr(app, "nic", M + 8, SZ));
    expect(k.field(k.mrRef(mr), "pins")).toBe(3);
  });
});

describe("amdgpu userptr (section 6.1)", () => {
  it("fact 19: unaligned EINVAL; without READONLY and REGISTER EACCES", () => {
    const { k, app } = world();
    const M = val(k.anon(app, SZ));
    errno(k.amdgpuUserptr(app, "amd", M, 100, { register: true }), "EINVAL");
    errno(k.amdgpuUserptr(app, "amd", M, SZ, { validate: true }), "EACCES");
    val(k.amdgpuUserptr(app, "amd", M, SZ, { readonly: true }));
  });

  it("fact 22: REGISTER without VALIDATE succeeds on an unmapped or PFNMAP range; the first use fails", () => {
    const { k, app } = world();
    const U = val(k.amdgpuUserptr(app, "amd", 0x10000000, SZ, { register: true }));
    expect(k.field(k.gemOfHandle(app, "amd", U)!, "valid")).toBe(false);
    errno(k.gpuUse(app, "amd", U), "EFAULT");
    const M = targets["dma-buf PFNMAP map (heap)"]!(k, app);
    const V = val(k.amdgpuUserptr(app, "amd", M, SZ, { register: true }));
    errno(k.gpuUse(app, "amd", V), "EFAULT");
  });

  it("fact 23: GEM_MMAP of a userptr BO is EPERM", () => {
    const { k, app } = world();
    const U = val(k.amdgpuUserptr(app, "amd", val(k.anon(app, SZ)), SZ, { register: true }));
    errno(k.mmapDevice(app, "amd", app, U), "EPERM");
  });

  it("VALIDATE makes the BO valid in GTT; munmap invalidates it through the notifier; use re-faults", () => {
    const { k, app } = world();
    const M = val(k.anon(app, SZ));
    const U = val(k.amdgpuUserptr(app, "amd", M, SZ, { anononly: true, register: true, validate: true }));
    const G = k.gemOfHandle(app, "amd", U)!;
    expect(k.field(G, "valid")).toBe(true);
    expect(k.field(G, "domain")).toBe("gtt");
    expect(k.field(G, "userptr")).toBe(true);
    val(k.munmap(app, M));
    expect(k.field(G, "valid")).toBe(false);
    errno(k.gpuUse(app, "amd", U), "EFAULT");
  });

  it("fact 25: find-bo finds a BO mapped with amdgpu_bo_cpu_map in this process only", () => {
    const { k, pids: [a, b] } = setup([["amd", "amdgpu"]], ["a", "b"]);
    const A = val(k.gemCreate(a!, "amd", SZ));
    const M = val(k.mmapDevice(a!, "amd", a!, A));
    expect(val(k.findBo(a!, "amd", M + 4096, 4096))).toBe(A);
    expect(val(k.findBo(a!, "amd", M + 4096, SZ))).toBe(A);
    errno(k.findBo(a!, "amd", M, SZ + 4096), "ENXIO");
    errno(k.findBo(a!, "amd", M, 0), "EINVAL");
    const D = val(k.primeHandleToFd(a!, "amd", A));
    errno(k.findBo(a!, "amd", val(k.mmapFd(a!, D)), 4096), "ENXIO");
    errno(k.findBo(b!, "amd", M, 4096), "ENXIO");
  });
});

describe("i915 userptr (section 6.2)", () => {
  it("fact 26: size 0 EINVAL, UNSYNCHRONIZED ENODEV", () => {
    const { k, app } = world();
    const M = val(k.anon(app, SZ));
    errno(k.i915Userptr(app, "intel", M, 0, {}), "EINVAL");
    errno(k.i915Userptr(app, "intel", M, SZ, { unsynchronized: true }), "ENODEV");
  });

  it("fact 28: without PROBE a PFNMAP range is accepted and the first use is EFAULT; GEM_MMAP_OFFSET ENODEV", () => {
    const { k, app } = world();
    const M = targets["chardev BO map (TTM)"]!(k, app);
    const U = val(k.i915Userptr(app, "intel", M, SZ, {}));
    errno(k.gpuUse(app, "intel", U), "EFAULT");
    errno(k.mmapDevice(app, "intel", app, U), "ENODEV");
  });

  it("a successful use pins the pages for the object's life; freeing the object unpins", () => {
    const { k, app } = world();
    const U = val(k.i915Userptr(app, "intel", val(k.anon(app, SZ)), SZ, {}));
    val(k.gpuUse(app, "intel", U));
    const G = k.gemOfHandle(app, "intel", U)!;
    expect(k.field(G, "pins")).toBe(2);
    val(k.gemClose(app, "intel", U));
    k.finish();
    expect(k.hazards()).toEqual([]);
  });
});

describe("RDMA reg_mr (section 6.3)", () => {
  it("fact 29: length 0 is EINVAL", () => {
    const { k, app } = world();
    errno(k.rdmaRegMr(app, "nic", val(k.anon(app, SZ)), 0), "EINVAL");
  });

  it("fact 30: a hole in the range gives EFAULT and leaves nothing pinned", () => {
    const { k, app } = world();
    const lo = val(k.anon(app, 4096));
    errno(k.rdmaRegMr(app, "nic", lo, SZ), "EFAULT");
    k.finish();
    expect(k.hazards()).toEqual([]);
  });

  it("fact 31: a read-only MR on a read-only shared memfd mapping succeeds on 6.12; a writable one is EFAULT", () => {
    const { k, app } = world();
    const M = val(k.memfd(app, SZ, ["write"]));
    expect(k.field(k.vmaAt(app, M)!, "flags")).not.toContain("WRITE");
    errno(k.rdmaRegMr(app, "nic", M, SZ), "EFAULT");
    val(k.rdmaRegMr(app, "nic", M, SZ, { write: false }));
  });

  it("fact 33: after munmap the MR keeps its pinned pages (no notifier) until dereg", () => {
    const { k, app } = world();
    const M = val(k.anon(app, SZ));
    const mr = val(k.rdmaRegMr(app, "nic", M, SZ));
    const R = k.mrRef(mr);
    expect(k.field(R, "valid")).toBe(true);
    val(k.munmap(app, M));
    expect(k.field(R, "pins")).toBe(2);
    expect(k.field(R, "valid")).toBe(false);
    k.finish();
    expect(k.hazards()).toEqual([]);
    val(k.rdmaDeregMr(app, "nic", mr));
    expect(k.field(R, "refs")).toBe(0);
    errno(k.rdmaDeregMr(app, "nic", mr), "ENOENT");
  });
});

describe("pin/gup probes (real 6.12.118 long-term pin row)", () => {
  it("pin longterm: anon and memfd ok; vgem GEM map, vgem dma-buf, udmabuf, heap EFAULT", () => {
    const rows: [string, Target, string][] = [
      ["anon", targets.anon!, "ok"],
      ["memfd", targets.memfd!, "ok"],
      ["vgem GEM mmap", targets["chardev BO map (shmem helper)"]!, "EFAULT"],
      ["vgem dma-buf", (k, app) => val(k.mmapFd(app, val(k.primeHandleToFd(app, "vg", val(k.gemCreate(app, "vg", SZ)))))), "EFAULT"],
      ["udmabuf", targets["dma-buf PFNMAP map (udmabuf)"]!, "EFAULT"],
      ["heap", targets["dma-buf PFNMAP map (heap)"]!, "EFAULT"],
    ];
    for (const [, t, want] of rows) {
      const { k, app } = world();
      const M = t(k, app);
      expectOutcome(k.pin(app, M, SZ, { longterm: true }), want);
      expectOutcome(k.pin(app, M, SZ), want);
      expectOutcome(k.gup(app, M, SZ), want);
    }
  });

  it("a write pin of a read-only VMA is EFAULT; a read pin works; pins populate PTEs", () => {
    const { k, app } = world();
    const M = val(k.anon(app, SZ, { write: false }));
    errno(k.pin(app, M, SZ), "EFAULT");
    val(k.pin(app, M, SZ, { write: false }));
    expect(k.field(k.vmaAt(app, M)!, "ptes")).toBe(2);
  });
});
