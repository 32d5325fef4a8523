// amdgpu's dma-buf exporter ops (amdgpu_dma_buf.c): ->attach decides
// peer2peer, ->pin pins into GTT, ->map_dma_buf validates an unpinned BO into
// GTT (or keeps it in VRAM for a peer2peer importer) and refuses a BO pinned
// elsewhere on <= 6.12.
import type { Result } from "../api.js";
import { fail, ok, rule } from "../rules.js";
import type { Attachment, Gem, KernelState } from "../state.js";
import { amdgpuBoPin, amdgpuBoUnpin } from "./amdgpu-placement.js";
import { ttmMove } from "./ttm.js";

export const AMD_DMABUF_ATTACH = rule(
  "amdgpu.dma-buf-attach", "drivers/gpu/drm/amd/amdgpu/amdgpu_dma_buf.c: amdgpu_dma_buf_attach", "all",
  "peer2peer survives the attach only when the devices reach each other (pci_p2pdma_distance; the p2p knob), otherwise it is cleared",
);
export const AMD_PIN = rule(
  "amdgpu.dma-buf-pin", "drivers/gpu/drm/amd/amdgpu/amdgpu_dma_buf.c: amdgpu_dma_buf_pin", "all",
  "pinning for an importer pins the BO into GTT (amdgpu_bo_pin): a VRAM BO moves to GTT and its CPU mappings are zapped; 7.2 pins a VRAM-preferring BO in VRAM when every attachment is peer2peer",
);
export const AMD_DMABUF_MAP = rule(
  "amdgpu.dma-buf-map", "drivers/gpu/drm/amd/amdgpu/amdgpu_dma_buf.c: amdgpu_dma_buf_map", "all",
  "an unpinned BO is validated into GTT, or may stay in VRAM when it prefers VRAM and the attachment is peer2peer; on <= 6.12 a pinned BO that is not in GTT gives EBUSY",
);

export const AMD_IMPORT_MOVE_NOTIFY = rule(
  "amdgpu.dma-buf-move-notify", "drivers/gpu/drm/amd/amdgpu/amdgpu_dma_buf.c: amdgpu_dma_buf_move_notify", "all",
  "told of a move, amdgpu validates its import BO into the CPU domain (unbinding it, which unmaps the attachment); a BO already there has nothing to drop",
);

/** The importer side: amdgpu_dma_buf_move_notify. */
export function amdgpuDmaBufMoveNotify(s: KernelState, g: Gem): void {
  if (g.domain !== "cpu") ttmMove(s, g, "cpu");
}

export function amdgpuDmaBufAttach(s: KernelState, a: Attachment): boolean {
  return a.peer2peer && s.knobs.p2p;
}

export function amdgpuDmaBufPin(s: KernelState, gemId: number): Result<void> {
  const g = s.gem(gemId);
  return amdgpuBoPin(s, g, pinDomain(s, g), AMD_PIN.id);
}

/** 7.2: VRAM stays allowed when the BO prefers it and every attachment of its dma-bufs is peer2peer. */
function pinDomain(s: KernelState, g: Gem): string {
  if (!s.traits.amdgpuPinP2p || g.preferred !== "vram") return "gtt";
  for (const f of s.gemDmaBufs.get(g.id) ?? []) {
    for (const id of s.file(f).dmabuf!.attachments) if (!s.attachment(id).peer2peer) return "gtt";
  }
  return "vram";
}

export function amdgpuDmaBufUnpin(s: KernelState, gemId: number): void {
  amdgpuBoUnpin(s, s.gem(gemId));
}

export function amdgpuDmaBufMap(s: KernelState, gemId: number, a: Attachment): Result<void> {
  const g = s.gem(gemId);
  if (g.pinCount > 0) {
    if (g.domain !== "gtt" && s.traits.amdgpuMapBusy) return fail(AMD_DMABUF_MAP, "EBUSY", `the BO is pinned in ${g.domain}, not GTT`);
    return ok(undefined);
  }
  const allowed = g.preferred === "vram" && a.peer2peer ? ["vram", "gtt"] : ["gtt"];
  if (!allowed.includes(g.domain)) ttmMove(s, g, allowed[0]!);
  return ok(undefined);
}
