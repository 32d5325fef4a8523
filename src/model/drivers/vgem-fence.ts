// vgem fences (vgem_fence.c): DRM_IOCTL_VGEM_FENCE_ATTACH adds a read or
// write fence to the object's reservation object unless an unsignaled fence
// conflicts, and records it in the drm file's fence idr; FENCE_SIGNAL takes
// it out of the idr (the slot stays, holding nothing) and signals it. The
// fences' ten-second self-signalling timer is not modelled (no time passes).
import type { Result } from "../api.js";
import { fail, ok, rule } from "../rules.js";
import { type Fence, type Gem, type KFile, type KernelState, fileRef, gemRef, indexAdd, indexRemove } from "../state.js";
import { lookupHandle } from "../gem.js";

export const VGEM_FENCE_ATTACH = rule(
  "vgem.fence-attach", "drivers/gpu/drm/vgem/vgem_fence.c: vgem_fence_attach_ioctl", "all",
  "an unknown handle gives ENOENT; a write fence conflicts with any unsignaled fence, a read fence with an unsignaled write fence (dma_resv_test_signaled): EBUSY; the fence id is the lowest free id >= 1 of the file's idr",
);
export const VGEM_FENCE_SIGNAL = rule(
  "vgem.fence-signal", "drivers/gpu/drm/vgem/vgem_fence.c: vgem_fence_signal_ioctl", "all",
  "signalling replaces the idr entry with NULL: an id never handed out, or one already signalled, gives ENOENT",
);

export const VGEM_FENCE_CLOSE = rule(
  "vgem.fence-close", "drivers/gpu/drm/vgem/vgem_fence.c: vgem_fence_close", "all",
  "when a vgem drm file is released, every fence still in its idr is signalled",
);

/** The reservation object of a GEM object: an import shares its dma-buf's, a GEM export is its object's. */
export function resvOf(s: KernelState, g: Gem): string {
  return g.importAttach === null ? `gem:${g.id}` : resvOfDmaBuf(s.file(s.attachment(g.importAttach).dmabuf));
}

/** A dma-buf's reservation object: its GEM object's for a GEM export (drm_gem_prime_export passes obj->resv), else its own. */
export function resvOfDmaBuf(f: KFile): string {
  const priv = f.dmabuf!.priv;
  return priv.kind === "gem" ? `gem:${priv.gem}` : `file:${f.id}`;
}

/** Fences on a reservation object that have not signalled (what dma_resv_test_signaled looks for). */
export function unsignaledFences(s: KernelState, resv: string): number {
  return s.resvFences.get(resv)?.size ?? 0;
}

function conflicts(s: KernelState, resv: string, write: boolean): boolean {
  for (const id of s.resvFences.get(resv) ?? []) if (write || s.fences[id - 1]!.write) return true;
  return false;
}

export function vgemFenceAttach(s: KernelState, file: KFile, handle: number, write: boolean): Result<number> {
  const gemId = lookupHandle(file, handle);
  if (gemId === undefined) return fail(VGEM_FENCE_ATTACH, "ENOENT", `handle ${handle} not found`);
  const g = s.gem(gemId);
  const resv = resvOf(s, g);
  if (conflicts(s, resv, write)) return fail(VGEM_FENCE_ATTACH, "EBUSY", `an unsignaled ${write ? "" : "write "}fence is on the reservation object`);
  const f: Fence = { id: s.fences.length + 1, resv, write, signaled: false };
  s.fences.push(f);
  indexAdd(s.resvFences, resv, f.id);
  const drm = file.drm!;
  const fid = drm.fenceIds.alloc();
  drm.fences.set(fid, f.id);
  s.event("fence_attach", [gemRef(g.id), fileRef(file.id)], `fence ${fid} ${write ? "write" : "read"}`);
  return ok(fid);
}

export function vgemFenceSignal(s: KernelState, file: KFile, fid: number): Result<void> {
  const drm = file.drm!;
  const id = drm.fences.get(fid);
  if (id === undefined) return fail(VGEM_FENCE_SIGNAL, "ENOENT", `fence ${fid} is not in this file's idr (never attached, or already signalled)`);
  drm.fences.delete(fid);
  signal(s, s.fences[id - 1]!);
  s.event("fence_signal", [fileRef(file.id)], `fence ${fid}`);
  return ok(undefined);
}

/** A fence signals: it leaves its reservation object, and so do the records of it that IMPORT_SYNC_FILE added elsewhere. */
function signal(s: KernelState, f: Fence): void {
  for (const x of [f, ...(f.copies ?? []).map((id) => s.fences[id - 1]!)]) {
    if (x.signaled) continue;
    x.signaled = true;
    indexRemove(s.resvFences, x.resv, x.id);
  }
}

/** vgem_postclose -> vgem_fence_close: the file's unsignalled fences are signalled. */
export function vgemFenceClose(s: KernelState, file: KFile): void {
  const drm = file.drm!;
  for (const [fid, id] of [...drm.fences].sort((a, b) => a[0] - b[0])) {
    signal(s, s.fences[id - 1]!);
    s.event("fence_signal", [fileRef(file.id)], `fence ${fid} (${VGEM_FENCE_CLOSE.id})`);
  }
  drm.fences.clear();
}
