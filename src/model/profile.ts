// Kernel profiles as data: one row per behaviour switch (kernel-semantics.md
// section 9 and the errata of section 11), its value in each profile and the
// kernel source that decides it. The model's code paths read these values;
// no profile has code of its own. Each switch is also registered as a rule,
// so `rules` lists it with its citation.
import type { Cite, Profile } from "./api.js";
import { rule } from "./rules.js";

export const PROFILES: Profile[] = ["linux-5.10", "linux-6.1", "linux-6.12", "linux-7.2"];

/** Values in PROFILES order: 5.10, 6.1, 6.12, 7.2. */
type Row<T> = { cite: Cite; summary: string; values: readonly [T, T, T, T] };
const row = <T>(cite: Cite, summary: string, values: readonly [T, T, T, T]): Row<T> => ({ cite, summary, values });

const SWITCHES = {
  dmaBufMmapRestores: row("drivers/dma-buf/dma-buf.c: dma_buf_mmap",
    "5.10 swaps vm_file by hand and restores the importer's file when the exporter's ->mmap fails; 5.11+ use vma_set_file and leave the dma-buf file for mmap_region to drop", [true, false, false, false]),
  pinAtAttach: row("drivers/dma-buf/dma-buf.c: dma_buf_dynamic_attach",
    "<= 6.12: when importer and exporter differ in dynamism the core maps (and pins a dynamic exporter) at attach and caches the table; 7.2 maps nothing at attach and pins static importers inside map", [true, true, true, false]),
  moveNotifyOption: row("drivers/dma-buf/dma-buf.c: dma_buf_map_attachment",
    "CONFIG_DMABUF_MOVE_NOTIFY exists (<= 6.12, off unless the move-notify knob says on); 7.2 removed it: dynamic importers are never pinned by the core", [true, true, true, false]),
  dmaBufNoExec: row("fs/libfs.c: init_pseudo",
    "7.2 sets SB_I_NOEXEC on the dma-buf pseudo filesystem: do_mmap clears VM_MAYEXEC for every dma-buf mapping", [false, false, false, true]),
  ttmFlags: row("drivers/gpu/drm/ttm/ttm_bo_vm.c: ttm_bo_mmap_obj",
    "TTM mappings are VM_MIXEDMAP|VM_IO on 5.10 (ttm_bo_mmap_vma_setup), VM_PFNMAP|VM_IO from 6.1", ["mixedmap", "pfnmap", "pfnmap", "pfnmap"] as const),
  ttmRejectsCow: row("drivers/gpu/drm/ttm/ttm_bo_vm.c: ttm_bo_mmap_obj",
    "TTM refuses MAP_PRIVATE (is_cow_mapping) with EINVAL from 6.1; 5.10 does not", [false, true, true, true]),
  ttmExactLookup: row("drivers/gpu/drm/ttm/ttm_bo_vm.c: ttm_bo_mmap",
    "5.10 amdgpu chardev mmap goes through ttm_bo_mmap (non-exact offset lookup, verify_access); 6.1+ through drm_gem_mmap (exact lookup)", [false, true, true, true]),
  shmemHelperPfnmap: row("drivers/gpu/drm/drm_gem_shmem_helper.c: drm_gem_shmem_mmap",
    "shmem-helper mappings are VM_MIXEDMAP with struct pages on 5.10, VM_PFNMAP with inserted pfns from 6.1", [false, true, true, true]),
  vgemShmemHelpers: row("drivers/gpu/drm/vgem/vgem_drv.c: vgem_mmap",
    "5.10 vgem has its own page-backed chardev mmap and maps its dma-bufs through the GEM shmem file (vgem_prime_mmap); 6.1+ vgem uses the shmem helpers", [false, true, true, true]),
  vgemImportMaps: row("drivers/gpu/drm/drm_prime.c: drm_gem_prime_import_dev",
    "vgem's import maps the attachment at import on <= 6.12; 7.2 imports without mapping (drm_gem_shmem_prime_import_no_map)", [true, true, true, false]),
  udmabufPfnmap: row("drivers/dma-buf/udmabuf.c: mmap_udmabuf",
    "udmabuf mappings are page-backed on 5.10/6.1, VM_PFNMAP|VM_DONTEXPAND|VM_DONTDUMP with inserted pfns from 6.12", [false, false, true, true]),
  udmabufPrefault: row("drivers/dma-buf/udmabuf.c: udmabuf_vm_fault",
    "7.2 pre-faults the whole VMA on the first fault", [false, false, false, true]),
  heapMmap: row("drivers/dma-buf/heaps/system_heap.c: system_heap_mmap",
    "system heap mmap: 5.10 faults struct pages in (heap-helpers dma_heap_mmap); 6.1/6.12 remap_pfn_range page by page at mmap (VM_IO|VM_PFNMAP); 7.2 remaps per sg chunk", ["fault", "remap-page", "remap-page", "remap-chunk"] as const),
  heapExpName: row("drivers/dma-buf/heaps/heap-helpers.c: heap_helper_export_dmabuf",
    "5.10 heap buffers are exported by heap-helpers with DEFINE_DMA_BUF_EXPORT_INFO's exp_name (KBUILD_MODNAME heap_helpers, derived); 6.1+ use the heap name", ["heap_helpers", "system", "system", "system"] as const),
  i915UserptrProbe: row("drivers/gpu/drm/i915/gem/i915_gem_userptr.c: i915_gem_userptr_ioctl",
    "I915_USERPTR_PROBE exists from 6.1; on 5.10 it is an unknown flag (EINVAL)", [false, true, true, true]),
  i915Unsynchronized: row("drivers/gpu/drm/i915/gem/i915_gem_userptr.c: i915_gem_userptr_ioctl",
    "UNSYNCHRONIZED: 5.10 allows it with CAP_SYS_ADMIN (processes here run as root) and registers no notifier; 6.1+ ENODEV", ["root", "enodev", "enodev", "enodev"] as const),
  i915UserptrExport: row("drivers/gpu/drm/i915/gem/i915_gem_userptr.c: i915_gem_userptr_dmabuf_export",
    "5.10 exports userptr objects (attaching a notifier); 6.1+ refuse with EINVAL", [true, false, false, false]),
  i915MmapIo: row("drivers/gpu/drm/i915/gem/i915_gem_mman.c: i915_gem_mmap",
    "i915 mmap_offset VMAs carry VM_IO from 6.1 (5.10: PFNMAP|DONTEXPAND|DONTDUMP)", [false, true, true, true]),
  i915UserptrWorker: row("drivers/gpu/drm/i915/gem/i915_gem_userptr.c: i915_gem_userptr_get_pages",
    "5.10 pins userptr pages with pin_user_pages_fast_only and on a shortfall hands the pin to a worker and answers EAGAIN; the worker's result comes back at the next use", [true, false, false, false]),
  amdgpuAnononlySpan: row("drivers/gpu/drm/amd/amdgpu/amdgpu_ttm.c: amdgpu_ttm_tt_get_user_pages",
    "Debian 6.12.117: ANONONLY also gives EPERM when the VMA at the start ends before start+size (not in 6.1 or 7.2)", [false, false, true, false]),
  amdgpuAccessOk: row("drivers/gpu/drm/amd/amdgpu/amdgpu_gem.c: amdgpu_gem_userptr_ioctl",
    "7.2 checks access_ok between the alignment and the flag checks (EFAULT)", [false, false, false, true]),
  amdgpuPinP2p: row("drivers/gpu/drm/amd/amdgpu/amdgpu_dma_buf.c: amdgpu_dma_buf_pin",
    "the importer pin goes into GTT on <= 6.12 (errata 11.x); 7.2 keeps a VRAM-preferring BO in VRAM when every attachment is peer2peer", [false, false, false, true]),
  amdgpuPrimeSharedCount: row("drivers/gpu/drm/amd/amdgpu/amdgpu_gem.c: amdgpu_gem_op_ioctl",
    "5.10: a BO with an attachment from another driver counts as shared (prime_shared_count, raised in amdgpu_dma_buf_attach): no VRAM placement (EINVAL) and pins only in GTT; 5.14 replaced the count with import_attach", [true, false, false, false]),
  amdgpuMapBusy: row("drivers/gpu/drm/amd/amdgpu/amdgpu_dma_buf.c: amdgpu_dma_buf_map",
    "<= 6.12: mapping a pinned BO that is not in GTT for an importer gives EBUSY; 7.2 dropped that branch", [true, true, true, false]),
  gupLongtermFileRule: row("mm/gup.c: writable_file_mapping_allowed",
    "FOLL_LONGTERM write pins refuse dirty-tracked file mappings from 6.5 (6.12, 7.2)", [false, false, true, true]),
  umemWriteOnlyIfWritable: row("drivers/infiniband/core/umem.c: ib_umem_get",
    "ib_umem_get asks FOLL_WRITE only for writable MRs and never FOLL_FORCE from 6.2; 5.10/6.1 always FOLL_WRITE, plus FOLL_FORCE for read-only MRs", [false, false, true, true]),
  mlockLimit: row("include/uapi/linux/resource.h: MLOCK_LIMIT",
    "the RLIMIT_MEMLOCK a process starts with (init's, inherited; setrlimit changes it): 64 KiB before 5.16, 8 MiB from 5.16", [64 * 1024, 8 * 1024 * 1024, 8 * 1024 * 1024, 8 * 1024 * 1024]),
  umemDmabuf: row("drivers/infiniband/core/umem_dmabuf.c: ib_umem_dmabuf_get",
    "dma-buf MRs (umem_dmabuf.c, UVERBS_METHOD_REG_DMABUF_MR) exist from 5.12: absent on 5.10", [false, true, true, true]),
  umemPinnedNotify: row("drivers/infiniband/core/umem_dmabuf.c: ib_umem_dmabuf_unsupported_move_notify",
    "a pinned dma-buf MR's move callback only warns (<= 6.12); 7.2's pinned ops have no move callback", ["warn", "warn", "warn", "none"] as const),
} as const;

type Switches = typeof SWITCHES;
export type ProfileTraits = { modelled: boolean } & { [K in keyof Switches]: Switches[K]["values"][number] };

for (const [key, r] of Object.entries(SWITCHES)) {
  const per = PROFILES.map((p, i) => `${p.slice(6)}: ${String(r.values[i])}`).join("; ");
  rule(`profile.${key}`, r.cite, "all", `${r.summary} (${per})`);
}

function traitsFor(i: number): ProfileTraits {
  const t: Record<string, unknown> = { modelled: true };
  for (const [key, r] of Object.entries(SWITCHES)) t[key] = r.values[i];
  return t as ProfileTraits;
}

const TRAITS = Object.fromEntries(PROFILES.map((p, i) => [p, traitsFor(i)])) as Record<Profile, ProfileTraits>;

export function traitsOf(p: Profile): ProfileTraits {
  return TRAITS[p];
}
