// Where a function was renamed or moved between versions, the answer cites
// the source of the profile that gave it.
import { describe, expect, it } from "vitest";
import { type Kernel, PROFILES, type Profile, type Result } from "../../src/model/index.js";
import { errno, setup, val } from "./helpers.js";

function world(profile: Profile) {
  const { k, pids: [app] } = setup([["amd", "amdgpu"], ["intel", "i915"], ["nic", "rdma"], ["vg", "vgem"], ["u", "udmabuf"]], ["app"], { profile });
  return { k, app: app! };
}

function cites(f: (k: Kernel, app: number) => Result<unknown>, e: string): string[] {
  return PROFILES.map((p) => { const { k, app } = world(p); return errno(f(k, app), e).cite; });
}

describe("cites follow the profile", () => {
  it("PRIME handle-to-fd of an unknown handle", () => {
    expect(cites((k, app) => k.primeHandleToFd(app, "vg", 9), "ENOENT")).toEqual([
      "drivers/gpu/drm/drm_prime.c: drm_gem_prime_handle_to_fd", "drivers/gpu/drm/drm_prime.c: drm_gem_prime_handle_to_fd",
      "drivers/gpu/drm/drm_prime.c: drm_gem_prime_handle_to_dmabuf", "drivers/gpu/drm/drm_prime.c: drm_gem_prime_handle_to_dmabuf",
    ]);
  });

  it("munmap of an unaligned address", () => {
    expect(cites((k, app) => k.munmap(app, 4097, 4096), "EINVAL")).toEqual(["mm/mmap.c: __vm_munmap", "mm/mmap.c: __vm_munmap", "mm/vma.c: do_vmi_munmap", "mm/vma.c: do_vmi_munmap"]);
  });

  it("i915 GEM_CREATE of size 0 (i915_gem_create.c from 6.1)", () => {
    expect(cites((k, app) => k.gemCreate(app, "intel", 0), "EINVAL")[0]).toBe("drivers/gpu/drm/i915/i915_gem.c: i915_gem_create_ioctl");
  });

  it("ib_umem_get of 0 pages (7.2: __ib_umem_get_va)", () => {
    expect(cites((k, app) => k.rdmaRegMr(app, "nic", val(k.anon(app, 4096)), 0), "EINVAL").at(-1)).toBe("drivers/infiniband/core/umem.c: __ib_umem_get_va");
  });

  it("udmabuf past the memfd's end: shmem_read_mapping_page on 5.10/6.1, memfd_pin_folios after", () => {
    const f = (k: Kernel, app: number) => k.udmabufCreate(app, "u", k.memfdOfVma(app, val(k.memfd(app, 4096, ["shrink"])))!, 0, 8192);
    expect(cites(f, "EINVAL")).toEqual(["mm/shmem.c: shmem_read_mapping_page_gfp", "mm/shmem.c: shmem_read_mapping_page_gfp", "mm/gup.c: memfd_pin_folios", "mm/gup.c: memfd_pin_folios"]);
  });

  it("a CPU fault on an amdgpu import: TTM_PAGE_FLAG_SG on 5.10, TTM_TT_FLAG_EXTERNAL after", () => {
    const f = (k: Kernel, app: number) => {
      const B = val(k.primeFdToHandle(app, "amd", val(k.primeHandleToFd(app, "vg", val(k.gemCreate(app, "vg", 4096))))));
      return k.touch(app, val(k.mmapDevice(app, "amd", app, B)), 0, false);
    };
    expect(cites(f, "SIGBUS")).toEqual([
      "drivers/gpu/drm/ttm/ttm_bo_vm.c: ttm_bo_vm_fault_reserved", "drivers/gpu/drm/ttm/ttm_bo_vm.c: ttm_bo_vm_reserve",
      "drivers/gpu/drm/ttm/ttm_bo_vm.c: ttm_bo_vm_reserve", "drivers/gpu/drm/ttm/ttm_bo_vm.c: ttm_bo_vm_reserve",
    ]);
  });

  it("amdgpu's userptr notifier: amdgpu_mn on 5.10, amdgpu_hmm after", () => {
    const detail = (p: Profile) => {
      const { k, app } = world(p);
      val(k.amdgpuUserptr(app, "amd", val(k.anon(app, 4096)), 4096, { register: true }));
      return k.events().find((e) => e.what === "userptr_register")!.detail;
    };
    expect(PROFILES.map(detail)).toEqual(["amdgpu.mn-register", "amdgpu.hmm-register", "amdgpu.hmm-register", "amdgpu.hmm-register"]);
  });
});
