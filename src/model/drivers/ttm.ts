// TTM buffer objects as amdgpu uses them: TTM's own kref (ttm_refs), the BO
// release, moves (which zap CPU mappings through the device mapping), the
// chardev/dma-buf mmap setup and the CPU fault path.
import type { Result } from "../api.js";
import { fail, forProfile, ok, rule, signal } from "../rules.js";
import { type Gem, type KernelState, type Vma, PAGE, gemRef, vmaRef } from "../state.js";
import { gemRelease, primeGemDestroy } from "../gem.js";
import type { VmaDraft } from "../mm.js";
import { setPte, unmapMappingRange } from "../mm.js";
import { isCow } from "../vmflags.js";
import { dmaBufMoveNotify } from "../attach.js";
import { AMD_BO_DESTROY } from "./amdgpu.js";

export const TTM_MMAP = rule(
  "ttm.mmap-obj", "drivers/gpu/drm/ttm/ttm_bo_vm.c: ttm_bo_mmap_obj", "all",
  "TTM mmap takes a BO reference and sets vm_private_data = the BO; 6.1+ refuse COW mappings (EINVAL) and set PFNMAP|IO|DONTEXPAND|DONTDUMP, 5.10 sets MIXEDMAP|IO|DONTEXPAND|DONTDUMP",
);
export const TTM_GEM_PUT = rule(
  "ttm.gem-mmap-put", "drivers/gpu/drm/drm_gem_ttm_helper.c: drm_gem_ttm_mmap", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "after ttm_bo_mmap_obj the GEM reference drm_gem_mmap_obj took is dropped: the VMA holds a TTM reference only",
);
export const TTM_RESERVE_EXTERNAL = rule(
  "ttm.fault-external", "drivers/gpu/drm/ttm/ttm_bo_vm.c: ttm_bo_vm_reserve", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "a CPU fault on a BO whose pages are external (an import, TTM_TT_FLAG_EXTERNAL) is refused with SIGBUS",
);
export const TTM_FAULT_SG = rule(
  "ttm.fault-sg", "drivers/gpu/drm/ttm/ttm_bo_vm.c: ttm_bo_vm_fault_reserved", ["linux-5.10"],
  "5.10: a CPU fault on an SG BO (an import, TTM_PAGE_FLAG_SG) is refused with SIGBUS",
);
export const TTM_FAULT = rule(
  "ttm.fault-offset", "drivers/gpu/drm/ttm/ttm_bo_vm.c: ttm_bo_vm_fault_reserved", "all",
  "page_offset = (addr - vm_start)/PAGE + vm_pgoff - node start; outside the BO is SIGBUS; up to 16 PTEs are prefaulted",
);
export const TTM_RELEASE = rule(
  "ttm.bo-release", "drivers/gpu/drm/ttm/ttm_bo.c: ttm_bo_release", "all",
  "the BO's memory and fake offset go when TTM's own refcount reaches 0",
);
export const TTM_MOVE = rule(
  "ttm.move-unmap", "drivers/gpu/drm/ttm/ttm_bo.c: ttm_bo_handle_move_mem", "all",
  "a move zaps the BO's CPU mappings: unmap_mapping_range over the node's pages of the device mapping",
);

export const MOVE_NOTIFY = rule(
  "amdgpu.bo-move-notify", "drivers/gpu/drm/amd/amdgpu/amdgpu_object.c: amdgpu_bo_move_notify", "all",
  "moving an exported BO out of a non-system placement calls dma_buf_move_notify: dynamic importers drop their mapping",
);

const PREFAULT = 16;

export function ttmGet(s: KernelState, id: number): void {
  const g = s.gem(id);
  if (g.ttmRefs === null) throw new Error("model bug: ttm ref on a non-TTM object");
  if (!g.alive) {
    s.hazard({ kind: "use-after-free", objects: [gemRef(id)], message: "BO reference taken after release", cite: TTM_RELEASE.cite });
    return;
  }
  g.ttmRefs++;
}

export function ttmPut(s: KernelState, id: number): void {
  const g = s.gem(id);
  if (g.ttmRefs === null || g.ttmRefs <= 0) {
    s.hazard({ kind: "refcount-underflow", objects: [gemRef(id)], message: "ttm_bo_put with refcount 0", cite: TTM_RELEASE.cite });
    return;
  }
  g.ttmRefs--;
  if (g.ttmRefs === 0) ttmRelease(s, g);
}

function ttmRelease(s: KernelState, g: Gem): void {
  if (g.importAttach !== null) primeGemDestroy(s, g, AMD_BO_DESTROY.id);
  gemRelease(s, g);
}

/** ttm_bo_mmap_obj on the draft (after drm_gem_ttm_mmap's GEM put: the VMA holds a TTM ref). */
export function ttmMmapObj(s: KernelState, g: Gem, d: VmaDraft, owner: string): Result<void> {
  if (s.traits.ttmRejectsCow && isCow(d.flags)) return fail(TTM_MMAP, "EINVAL", "TTM refuses a private (copy-on-write) mapping");
  const map = s.traits.ttmFlags === "pfnmap" ? "PFNMAP" : "MIXEDMAP";
  for (const f of [map, "IO", "DONTEXPAND", "DONTDUMP"] as const) d.flags.add(f);
  d.priv = "bo";
  d.privGem = g.id;
  d.hold = "ttm";
  d.fault = "ttm";
  d.owner = owner;
  return ok(undefined);
}

/** ttm_bo_handle_move_mem: zap every CPU mapping of the node, tell dynamic importers, then the placement changes. */
export function ttmMove(s: KernelState, g: Gem, domain: string): void {
  const dev = s.device(g.device)!;
  const from = g.domain;
  if (g.nodeStart !== null && dev.mapping !== null) unmapMappingRange(s, dev.mapping, g.nodeStart, g.size / PAGE);
  if (g.dmaBuf !== null && g.importAttach === null && from !== "cpu") dmaBufMoveNotify(s, g.dmaBuf, MOVE_NOTIFY.id);
  g.domain = domain;
  g.gen++;
  s.dirty.gems.add(g.id);
  s.event("move", [gemRef(g.id)], `${from} -> ${domain}`);
}

export function ttmFault(s: KernelState, v: Vma, page: number): Result<void> {
  const g = s.gem(v.privGem!);
  if (g.importAttach !== null) {
    s.event("fault", [vmaRef(v.id), gemRef(g.id)], "SIGBUS external pages");
    return signal(forProfile(s.profile, TTM_RESERVE_EXTERNAL, TTM_FAULT_SG), "SIGBUS", "the BO's pages belong to another device's dma-buf");
  }
  const npages = g.size / PAGE;
  const first = page + v.pgoff - (g.nodeStart ?? 0);
  if (g.nodeStart === null || first < 0 || first >= npages) {
    s.event("fault", [vmaRef(v.id), gemRef(g.id)], "SIGBUS page offset outside the BO");
    return signal(TTM_FAULT, "SIGBUS", `page offset ${first} is outside the ${npages}-page BO`);
  }
  const vpages = (v.end - v.start) / PAGE;
  const last = Math.min(vpages + v.pgoff - g.nodeStart, npages);
  for (let i = 0; i < PREFAULT && first + i < last; i++) {
    setPte(s, v, page + i, { backing: `bo#${g.id}:${first + i}@${g.domain}`, gem: g.id, gen: g.gen });
  }
  s.event("fault", [vmaRef(v.id), gemRef(g.id)], `page ${page} -> ${g.domain}`);
  return ok(undefined);
}

