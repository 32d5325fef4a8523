// Dispatch from the dma-buf core to the exporter's ops (->attach, ->pin,
// ->unpin, ->map_dma_buf, ->mmap, ->release) by the kind of exporter that
// made the buffer, and to a dynamic importer's move_notify. Only amdgpu's ops
// are dynamic (have pin/unpin) and look at peer2peer; the other exporters
// accept every attachment and map at once.
import type { Result } from "./api.js";
import { ok } from "./rules.js";
import type { Attachment, KFile, KernelState } from "./state.js";
import type { VmaDraft } from "./mm.js";
import { drmGemPrimeMmap } from "./gem-mmap.js";
import { i915DmabufMmap } from "./drivers/i915.js";
import { udmabufMmap, udmabufRelease } from "./drivers/udmabuf.js";
import { heapMmap } from "./drivers/heap.js";
import { vgemDmabufMmap } from "./drivers/vgem.js";
import {
  amdgpuDmaBufAttach, amdgpuDmaBufMap, amdgpuDmaBufMoveNotify, amdgpuDmaBufPin, amdgpuDmaBufUnpin,
} from "./drivers/amdgpu-dmabuf.js";

const gemOf = (f: KFile) => (f.dmabuf!.priv as { gem: number }).gem;

function amdgpuBuf(s: KernelState, bufFile: number): number | null {
  const buf = s.file(bufFile).dmabuf!;
  return buf.priv.kind === "gem" && buf.dynamic ? buf.priv.gem : null;
}

export function exporterMmap(s: KernelState, f: KFile, d: VmaDraft): Result<void> {
  const buf = f.dmabuf!;
  switch (buf.mmap) {
    case "gem-prime": return drmGemPrimeMmap(s, s.gem(gemOf(f)), d);
    case "i915-shmem": return i915DmabufMmap(s, s.gem(gemOf(f)), d);
    case "vgem-shmem": return vgemDmabufMmap(s, s.gem(gemOf(f)), d);
    case "udmabuf": return udmabufMmap(s, d);
    case "system-heap": return heapMmap(s, f, d);
  }
}

/** ops->attach: returns attach->peer2peer as the exporter leaves it. */
export function exporterAttach(s: KernelState, bufFile: number, a: Attachment): boolean {
  const g = amdgpuBuf(s, bufFile);
  return g === null ? a.peer2peer : amdgpuDmaBufAttach(s, a);
}

/** ops->pin: only amdgpu's dma-buf ops have one (others: dma_buf_pin answers 0). */
export function exporterPin(s: KernelState, bufFile: number): Result<void> {
  const g = amdgpuBuf(s, bufFile);
  return g === null ? ok(undefined) : amdgpuDmaBufPin(s, g);
}

export function exporterUnpin(s: KernelState, bufFile: number): void {
  const g = amdgpuBuf(s, bufFile);
  if (g !== null) amdgpuDmaBufUnpin(s, g);
}

/** ops->map_dma_buf. */
export function exporterMap(s: KernelState, bufFile: number, a: Attachment): Result<void> {
  const g = amdgpuBuf(s, bufFile);
  return g === null ? ok(undefined) : amdgpuDmaBufMap(s, g, a);
}

/** importer_ops->move_notify before the core drops the mapping: amdgpu's import BO first leaves GTT. */
export function importerMoveNotify(s: KernelState, a: Attachment): void {
  if (a.importerGem !== undefined) amdgpuDmaBufMoveNotify(s, s.gem(a.importerGem));
}

/** ops->release for the non-GEM exporters (GEM exporters drop their GEM reference in the core). */
export function exporterRelease(s: KernelState, f: KFile): void {
  if (f.dmabuf!.priv.kind === "udmabuf") udmabufRelease(s, f);
}
