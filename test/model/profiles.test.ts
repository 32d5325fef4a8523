// Profiles (kernel-semantics §9 and the errata of §11): the switch table's
// rows, each checked through the model's public API in every profile where
// it differs, with the section 10 facts that state them.
import { describe, expect, it } from "vitest";
import { type Kernel, PROFILES, type Profile, allRules, traitsOf } from "../../src/model/index.js";
import { errno, setup, val } from "./helpers.js";

const SZ = 2 * 4096;

function world(profile: Profile) {
  const { k, pids: [app] } = setup(
    [["amd", "amdgpu"], ["intel", "i915"], ["nic", "rdma"], ["vg", "vgem"], ["pan", "panfrost"], ["u", "udmabuf"], ["heap", "dma-heap"]],
    ["app"], { profile },
  );
  return { k, app: app! };
}

/** The errno of `r`, or "ok". */
function answer(r: { ok: boolean }): string {
  if (r.ok) return "ok";
  const f = r as { errno?: string; signal?: string };
  return f.errno ?? f.signal!;
}

/** Runs `f` in every profile and compares the answers with `want` (5.10, 6.1, 6.12, 7.2). */
function each(want: [string, string, string, string], f: (k: Kernel, app: number, p: Profile) => { ok: boolean }): void {
  expect(PROFILES.map((p) => { const w = world(p); return answer(f(w.k, w.app, p)); })).toEqual(want);
}

const udmabufMap = (k: Kernel, app: number) => {
  const m = val(k.memfd(app, SZ, ["shrink"]));
  return val(k.mmapFd(app, val(k.udmabufCreate(app, "u", k.memfdOfVma(app, m)!, 0, SZ))));
};

describe("switch table: which mappings a long-term pin (ib_umem_get) takes", () => {
  it("fact 13: a vgem chardev mapping: 5.10 page-backed, 6.1+ PFNMAP", () => {
    each(["ok", "EFAULT", "EFAULT", "EFAULT"], (k, app) => k.rdmaRegMr(app, "nic", val(k.mmapDevice(app, "vg", app, val(k.gemCreate(app, "vg", SZ)))), SZ));
  });

  it("fact 12: a 5.10 vgem dma-buf mapping is the GEM shmem file at offset 0, page-backed", () => {
    const { k, app } = world("linux-5.10");
    const M = val(k.mmapFd(app, val(k.primeHandleToFd(app, "vg", val(k.gemCreate(app, "vg", SZ))))));
    const v = k.vmaAt(app, M)!;
    expect(k.field(k.field(v, "file") as never, "type")).toBe("shmem");
    expect(k.field(v, "pgoff")).toBe(0);
    expect(k.field(v, "flags")).not.toContain("PFNMAP");
    val(k.rdmaRegMr(app, "nic", M, SZ));
    expect(val(k.lookup(app, M))).toBeNull();
  });

  it("fact 15: a udmabuf mapping: page-backed on 5.10/6.1, PFNMAP from 6.12", () => {
    each(["ok", "ok", "EFAULT", "EFAULT"], (k, app) => k.rdmaRegMr(app, "nic", udmabufMap(k, app), SZ));
  });

  it("fact 16: a system-heap mapping: faulted pages on 5.10, remap_pfn_range from 6.1", () => {
    each(["ok", "EFAULT", "EFAULT", "EFAULT"], (k, app) => k.rdmaRegMr(app, "nic", val(k.mmapFd(app, val(k.heapAlloc(app, "heap", SZ)))), SZ));
  });

  it("a panfrost (shmem helper) chardev mapping: 5.10 MIXEDMAP struct pages pin, and i915 PROBE refuses MIXEDMAP", () => {
    each(["ok", "EFAULT", "EFAULT", "EFAULT"], (k, app) => k.pin(app, val(k.mmapDevice(app, "pan", app, val(k.gemCreate(app, "pan", SZ)))), SZ, { longterm: true }));
    const { k, app } = world("linux-6.1");
    const k510 = world("linux-5.10");
    const M = val(k510.k.mmapDevice(k510.app, "pan", k510.app, val(k510.k.gemCreate(k510.app, "pan", SZ))));
    expect(k510.k.field(k510.k.vmaAt(k510.app, M)!, "flags")).toContain("MIXEDMAP");
    errno(k.i915Userptr(app, "intel", val(k.mmapDevice(app, "pan", app, val(k.gemCreate(app, "pan", SZ)))), SZ, { probe: true }), "EFAULT");
  });

  it("fact 31: a read-only MR of a read-only shared memfd mapping: EFAULT with FOLL_WRITE (<= 6.1), pinned from 6.12", () => {
    each(["EFAULT", "EFAULT", "ok", "ok"], (k, app) => k.rdmaRegMr(app, "nic", val(k.memfd(app, SZ, ["shrink", "write"])), SZ, { write: false }));
  });

  it("fact 31: a read-only MR of a read-only private mapping pins everywhere (FOLL_FORCE pins COW copies on <= 6.1)", () => {
    each(["ok", "ok", "ok", "ok"], (k, app) => k.rdmaRegMr(app, "nic", val(k.anon(app, SZ, { write: false })), SZ, { write: false }));
  });
});

describe("switch table: mmap", () => {
  it("TTM: 5.10 MIXEDMAP|IO and private mappings allowed; 6.1+ PFNMAP|IO and private EINVAL", () => {
    each(["ok", "EINVAL", "EINVAL", "EINVAL"], (k, app) => k.mmapFd(app, val(k.primeHandleToFd(app, "amd", val(k.gemCreate(app, "amd", SZ)))), { shared: false }));
    for (const [p, flag] of [["linux-5.10", "MIXEDMAP"], ["linux-6.12", "PFNMAP"]] as const) {
      const { k, app } = world(p);
      const M = val(k.mmapDevice(app, "amd", app, val(k.gemCreate(app, "amd", SZ))));
      expect(k.field(k.vmaAt(app, M)!, "flags")).toEqual(expect.arrayContaining([flag, "IO"]));
    }
  });

  it("5.10 amdgpu chardev mmap goes through ttm_bo_mmap: another file's BO is EACCES (verify_access)", () => {
    const { k, pids: [app, other] } = setup([["amd", "amdgpu"]], ["app", "other"], { profile: "linux-5.10" });
    const A = val(k.gemCreate(app!, "amd", SZ));
    const f = errno(k.mmapDevice(other!, "amd", app!, A), "EACCES");
    expect(f.cite).toBe("drivers/gpu/drm/ttm/ttm_bo_vm.c: ttm_bo_mmap");
  });

  it("i915 mmap_offset VMAs carry VM_IO from 6.1", () => {
    for (const [p, io] of [["linux-5.10", false], ["linux-6.1", true]] as const) {
      const { k, app } = world(p);
      const M = val(k.mmapDevice(app, "intel", app, val(k.gemCreate(app, "intel", SZ))));
      expect((k.field(k.vmaAt(app, M)!, "flags") as string[]).includes("IO"), p).toBe(io);
    }
  });

  it("7.2: dma-buf mappings lack VM_MAYEXEC (SB_I_NOEXEC)", () => {
    for (const [p, mayexec] of [["linux-6.12", true], ["linux-7.2", false]] as const) {
      const { k, app } = world(p);
      const M = val(k.mmapFd(app, val(k.heapAlloc(app, "heap", SZ))));
      expect((k.field(k.vmaAt(app, M)!, "flags") as string[]).includes("MAYEXEC"), p).toBe(mayexec);
    }
  });

  it("system heap MAP_PRIVATE: 5.10 refuses it, 6.x only for one page, 7.2 for a VMA inside one sg chunk", () => {
    const priv = (size: number, len: number) => (k: Kernel, app: number) => k.mmapFd(app, val(k.heapAlloc(app, "heap", size)), { shared: false, len });
    each(["EINVAL", "ok", "ok", "ok"], priv(4096, 4096));
    each(["EINVAL", "EINVAL", "EINVAL", "ok"], priv(65536, 65536));
    each(["EINVAL", "EINVAL", "EINVAL", "EINVAL"], priv(16384, 16384));
  });

  it("heap exp_name: heap_helpers on 5.10 (DEFINE_DMA_BUF_EXPORT_INFO), the heap name after", () => {
    const name = (p: Profile) => { const { k, app } = world(p); return k.field(k.fileOfFd(app, val(k.heapAlloc(app, "heap", SZ)))!, "exp_name"); };
    expect(PROFILES.map(name)).toEqual(["heap_helpers", "system", "system", "system"]);
  });

  it("7.2 udmabuf pre-faults the whole VMA on the first fault", () => {
    for (const [p, ptes] of [["linux-6.12", 1], ["linux-7.2", 2]] as const) {
      const { k, app } = world(p);
      const M = udmabufMap(k, app);
      val(k.touch(app, M, 0, false));
      expect(k.field(k.vmaAt(app, M)!, "ptes"), p).toBe(ptes);
    }
  });
});

describe("switch table: imports", () => {
  it("vgem maps an import at import up to 6.12, not on 7.2", () => {
    for (const [p, n] of [["linux-6.12", 1], ["linux-7.2", 0]] as const) {
      const { k, app } = world(p);
      val(k.primeFdToHandle(app, "vg", val(k.heapAlloc(app, "heap", SZ))));
      expect(k.events().filter((e) => e.what === "map_attachment").length, p).toBe(n);
    }
  });

  it("amdgpu maps an import of a static exporter at import up to 6.12 (errata 11.y), not on 7.2", () => {
    for (const [p, n] of [["linux-6.12", 1], ["linux-7.2", 0]] as const) {
      const { k, app } = world(p);
      val(k.primeFdToHandle(app, "amd", val(k.heapAlloc(app, "heap", SZ))));
      expect(k.events().filter((e) => e.what === "map_attachment").length, p).toBe(n);
    }
  });
});

describe("switch table: userptr", () => {
  it("fact 26: i915 PROBE is EINVAL on 5.10; UNSYNCHRONIZED ENODEV from 6.1 (5.10: root may)", () => {
    each(["EINVAL", "ok", "ok", "ok"], (k, app) => k.i915Userptr(app, "intel", val(k.anon(app, SZ)), SZ, { probe: true }));
    each(["ok", "ENODEV", "ENODEV", "ENODEV"], (k, app) => k.i915Userptr(app, "intel", val(k.anon(app, SZ)), SZ, { unsynchronized: true }));
  });

  it("an i915 userptr object exports on 5.10 only; its dma-buf has no shmem file to map (ENODEV)", () => {
    each(["ok", "EINVAL", "EINVAL", "EINVAL"], (k, app) => k.primeHandleToFd(app, "intel", val(k.i915Userptr(app, "intel", val(k.anon(app, SZ)), SZ, {}))));
    const { k, app } = world("linux-5.10");
    const D = val(k.primeHandleToFd(app, "intel", val(k.i915Userptr(app, "intel", val(k.anon(app, SZ)), SZ, {}))));
    errno(k.mmapFd(app, D), "ENODEV");
  });

  it("5.10 i915 userptr: pages not present go to a worker (EAGAIN), whose answer comes back at the next use", () => {
    const { k, app } = world("linux-5.10");
    const A = val(k.anon(app, SZ));
    const U = val(k.i915Userptr(app, "intel", A, SZ, {}));
    errno(k.gpuUse(app, "intel", U), "EAGAIN"); // never touched: the fast-only pin falls short
    val(k.gpuUse(app, "intel", U)); // the worker's pages
    const T = val(k.anon(app, SZ));
    val(k.touch(app, T, 0, true));
    val(k.touch(app, T, 1, true));
    val(k.gpuUse(app, "intel", val(k.i915Userptr(app, "intel", T, SZ, {})))); // present pages: the fast path pins at once
    const H = val(k.mmapFd(app, val(k.heapAlloc(app, "heap", SZ))));
    val(k.touch(app, H, 0, true));
    const W = val(k.i915Userptr(app, "intel", H, SZ, {})); // 5.10 heap: faulted struct pages, pinnable
    errno(k.gpuUse(app, "intel", W), "EAGAIN");
    val(k.gpuUse(app, "intel", W));
    const X = val(k.i915Userptr(app, "intel", val(k.mmapDevice(app, "amd", app, val(k.gemCreate(app, "amd", SZ)))), SZ, {}));
    errno(k.gpuUse(app, "intel", X), "EAGAIN"); // TTM (MIXEDMAP|IO): the worker fails ...
    errno(k.gpuUse(app, "intel", X), "EFAULT"); // ... and its EFAULT comes back at the next use
  });

  it("amdgpu ANONONLY over a range past its VMA: EPERM only on Debian 6.12.117", () => {
    each(["EFAULT", "EFAULT", "EPERM", "EFAULT"], (k, app) => {
      const lo = val(k.anon(app, 4096));
      return k.amdgpuUserptr(app, "amd", lo, SZ, { anononly: true, register: true, validate: true });
    });
  });

  it("7.2 amdgpu checks access_ok: a range past the user address space is EFAULT", () => {
    each(["ok", "ok", "ok", "EFAULT"], (k, app) => k.amdgpuUserptr(app, "amd", 2 ** 47, 4096, { register: true }));
  });
});

describe("profile rows are data", () => {
  it("every switch is a rule with a cite, and every profile is modelled", () => {
    const ids = allRules().map((r) => r.id);
    for (const key of Object.keys(traitsOf("linux-6.12")).filter((x) => x !== "modelled")) expect(ids).toContain(`profile.${key}`);
    for (const p of PROFILES) expect(traitsOf(p).modelled).toBe(true);
  });
});
