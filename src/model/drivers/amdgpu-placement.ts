// Where an amdgpu BO lives and what keeps it there: amdgpu_bo_pin /
// amdgpu_bo_unpin (TTM pin count; an imported BO also pins its exporter
// through dma_buf_pin), eviction with amdgpu_evict_flags' destination, and a
// chosen placement (AMDGPU_GEM_OP_SET_PLACEMENT's checks, then
// ttm_bo_validate). A pinned BO is not moved.
import type { Result } from "../api.js";
import { fail, forProfile, ok, rule } from "../rules.js";
import { type Gem, type KernelState, gemRef } from "../state.js";
import { dmaBufPin, dmaBufUnmapAttachment, dmaBufUnpin } from "../attach.js";
import { ttmMove } from "./ttm.js";

export const AMD_BO_PIN = rule(
  "amdgpu.bo-pin-domain", "drivers/gpu/drm/amd/amdgpu/amdgpu_object.c: amdgpu_bo_pin", "all",
  "pinning: a userptr BO gives EPERM; an imported BO can only be pinned in GTT (else EINVAL) and pins its exporter (dma_buf_pin); an already pinned BO in another domain gives EINVAL; otherwise the BO is validated into the domain and its pin count goes up",
);
export const AMD_BO_UNPIN = rule(
  "amdgpu.bo-unpin", "drivers/gpu/drm/ttm/ttm_bo.c: ttm_bo_unpin", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "unpinning drops the pin count (an imported BO's last unpin calls dma_buf_unpin); unpinning a BO that is not pinned WARNs, and amdgpu_bo_unpin still calls dma_buf_unpin for an import",
);
export const AMD_BO_UNPIN_510 = rule(
  "amdgpu.bo-unpin-510", "drivers/gpu/drm/amd/amdgpu/amdgpu_object.c: amdgpu_bo_unpin", ["linux-5.10"],
  "5.10 (pin count in amdgpu): unpinning drops the pin count; a BO that is not pinned WARNs and changes nothing",
);
export const AMD_EVICT_FLAGS = rule(
  "amdgpu.evict-flags", "drivers/gpu/drm/amd/amdgpu/amdgpu_ttm.c: amdgpu_evict_flags", "all",
  "eviction moves a VRAM BO to GTT and a GTT BO to the CPU domain; a pinned BO is not on the LRU, so eviction never picks it (the step is refused, nothing changes)",
);
export const AMD_SET_PLACEMENT = rule(
  "amdgpu.gem-op-set-placement", "drivers/gpu/drm/amd/amdgpu/amdgpu_gem.c: amdgpu_gem_op_ioctl", "all",
  "a chosen placement: an imported BO cannot be placed in VRAM (EINVAL), a userptr BO's placement cannot be changed (EPERM)",
);
export const AMD_BO_VALIDATE_PINNED = rule(
  "amdgpu.bo-validate-pinned", "drivers/gpu/drm/amd/amdgpu/amdgpu_cs.c: amdgpu_cs_bo_validate", "all",
  "amdgpu's validation (command submission, amdgpu_bo_validate) skips a pinned BO: it answers 0 and the BO stays where it is; ttm_bo_validate's EINVAL for pinned BOs is never reached from these paths",
);

/** amdgpu_bo_pin(bo, domain). `domain` is the model's word (cpu for AMDGPU_GEM_DOMAIN_CPU). */
export function amdgpuBoPin(s: KernelState, g: Gem, domain: string, via: string = AMD_BO_PIN.id): Result<void> {
  if (g.userptr) return fail(AMD_BO_PIN, "EPERM", "a userptr BO cannot be pinned");
  if (domain !== "gtt" && shared(s, g)) return fail(AMD_BO_PIN, "EINVAL", "a shared BO (imported, or on 5.10 attached by another driver) can only be pinned in GTT");
  if (g.pinCount > 0) {
    if (g.domain !== domain) return fail(AMD_BO_PIN, "EINVAL", `BO already pinned in ${g.domain}`);
  } else {
    if (g.importAttach !== null) {
      const r = dmaBufPin(s, g.importAttach);
      if (!r.ok) return r;
    }
    if (g.domain !== domain) ttmMove(s, g, domain);
  }
  g.pinCount++;
  s.event("bo_pin", [gemRef(g.id)], `${g.domain} (${via})`);
  return ok(undefined);
}

export function amdgpuBoUnpin(s: KernelState, g: Gem): void {
  if (g.pinCount === 0) {
    const r = forProfile(s.profile, AMD_BO_UNPIN, AMD_BO_UNPIN_510);
    s.event("warn", [gemRef(g.id)], `${r.id}: unpin of a BO that is not pinned`);
    s.hazard({ kind: "refcount-underflow", objects: [gemRef(g.id)], message: "unpin with pin count 0", cite: r.cite });
    // 6.x: after ttm_bo_unpin's WARN the pin count is still 0, so the import's dma_buf_unpin runs anyway.
    if (r === AMD_BO_UNPIN && g.importAttach !== null) dmaBufUnpin(s, g.importAttach);
    return;
  }
  g.pinCount--;
  s.event("bo_unpin", [gemRef(g.id)], g.domain);
  if (g.pinCount === 0 && g.importAttach !== null) dmaBufUnpin(s, g.importAttach);
}

const EVICT_TO: Record<string, string> = { vram: "gtt", gtt: "cpu", cpu: "cpu" };

/**
 * Whether amdgpu treats the BO as shared: an import, and on 5.10 also an
 * export with a live attachment from another driver (prime_shared_count).
 */
function shared(s: KernelState, g: Gem): boolean {
  if (g.importAttach !== null) return true;
  if (!s.traits.amdgpuPrimeSharedCount || g.dmaBuf === null) return false;
  const buf = s.file(g.dmaBuf).dmabuf;
  return (buf?.attachments ?? []).some((id) => s.device(s.attachment(id).importer)?.kind !== "amdgpu");
}

/** A move of an imported BO out of GTT unbinds it: its dma-buf mapping is released (amdgpu_ttm_backend_unbind). */
function moveBo(s: KernelState, g: Gem, to: string): void {
  const from = g.domain;
  ttmMove(s, g, to);
  if (g.importAttach !== null && from === "gtt") dmaBufUnmapAttachment(s, g.importAttach);
}

/** `evict B [to D]`: TTM eviction (no `to`) or a chosen placement validated with ttm_bo_validate. */
export function amdgpuEvict(s: KernelState, g: Gem, to: string | undefined): Result<void> {
  if (to !== undefined) {
    if (g.userptr) return fail(AMD_SET_PLACEMENT, "EPERM", "a userptr BO's placement cannot be changed");
    if (to === "vram" && shared(s, g)) return fail(AMD_SET_PLACEMENT, "EINVAL", "a shared BO (imported, or on 5.10 attached by another driver) cannot be placed in VRAM");
  }
  const dest = to ?? EVICT_TO[g.domain] ?? g.domain;
  if (g.domain === dest) {
    s.event("evict", [gemRef(g.id)], `already in ${dest}`);
    return ok(undefined);
  }
  if (g.pinCount > 0) return pinnedMove(s, g, to === undefined);
  moveBo(s, g, dest);
  return ok(undefined);
}

function pinnedMove(s: KernelState, g: Gem, eviction: boolean): Result<void> {
  if (eviction) {
    s.event("evict", [gemRef(g.id)], `refused: pinned BOs are not on the LRU (${AMD_EVICT_FLAGS.id})`);
    s.refusal = { reason: "a pinned BO is not on the LRU: eviction never picks it", cite: AMD_EVICT_FLAGS.cite };
    return ok(undefined);
  }
  s.event("evict", [gemRef(g.id)], `refused: ${AMD_BO_VALIDATE_PINNED.id}`);
  s.refusal = { reason: "validation skips a pinned BO: it stays where it is", cite: AMD_BO_VALIDATE_PINNED.cite };
  return ok(undefined);
}

/** The `pin B [domain D]` step: a driver pin (scanout-style) in D, by default where the BO is. */
export function amdgpuPinStep(s: KernelState, g: Gem, domain: string | undefined): Result<void> {
  const r = amdgpuBoPin(s, g, domain ?? g.domain);
  if (r.ok) g.driverPins++;
  return r;
}

export function amdgpuUnpinStep(s: KernelState, g: Gem): Result<void> {
  if (g.driverPins > 0) g.driverPins--;
  amdgpuBoUnpin(s, g);
  return ok(undefined);
}
