// mmu interval notifiers of userptr BOs: an munmap (or exit) of a range that a
// registered userptr covers invalidates it; its pages no longer back the range
// and the next use re-faults them.
import type { Pid } from "./api.js";
import { forProfile, rule } from "./rules.js";
import { type KernelState, PAGE, gemRef, treeOf } from "./state.js";

export const AMD_INVALIDATE = rule(
  "amdgpu.hmm-invalidate", "drivers/gpu/drm/amd/amdgpu/amdgpu_hmm.c: amdgpu_hmm_invalidate_gfx", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "an invalidation of a registered userptr range bumps the notifier sequence and waits for the BO's fences; the next use re-faults",
);
export const AMD_INVALIDATE_MN = rule(
  "amdgpu.mn-invalidate", "drivers/gpu/drm/amd/amdgpu/amdgpu_mn.c: amdgpu_mn_invalidate_gfx", ["linux-5.10"],
  "5.10: an invalidation of a registered userptr range bumps the notifier sequence and waits for the BO's fences; the next use re-faults",
);
export const I915_INVALIDATE = rule(
  "i915.userptr-invalidate", "drivers/gpu/drm/i915/gem/i915_gem_userptr.c: i915_gem_userptr_invalidate", "all",
  "an invalidation only bumps the notifier sequence; the next use re-pins",
);

/** mmu_interval_notifier_insert / _remove for a userptr object. */
const pages = (start: number, end: number): [number, number] => [Math.floor(start / PAGE), Math.ceil(end / PAGE) - 1];

export function userptrRegister(s: KernelState, pid: Pid, gemId: number): void {
  const u = s.gem(gemId).userptr!;
  treeOf(s.userptrTree, pid).add(gemId, ...pages(u.start, u.start + Math.max(u.size, 1)));
}

export function userptrUnregister(s: KernelState, pid: Pid, gemId: number): void {
  const u = s.gem(gemId).userptr!;
  s.userptrTree.get(pid)?.remove(gemId, ...pages(u.start, u.start + Math.max(u.size, 1)));
}

export function userptrInvalidate(s: KernelState, pid: Pid, start: number, end: number): void {
  const tree = s.userptrTree.get(pid);
  if (!tree) return;
  const [first, last] = pages(start, Math.min(end, Number.MAX_SAFE_INTEGER));
  for (const id of tree.candidates(first, last)) {
    const g = s.gem(id);
    const u = g.userptr;
    if (!u || !g.alive || g.gemDead || u.unsynchronized) continue;
    if (u.start + u.size <= start || u.start >= end) continue;
    u.valid = false;
    const kind = s.device(g.device)?.kind;
    const via = kind === "amdgpu" ? forProfile(s.profile, AMD_INVALIDATE, AMD_INVALIDATE_MN) : I915_INVALIDATE;
    s.event("mmu_invalidate", [gemRef(g.id)], via.id);
  }
}
