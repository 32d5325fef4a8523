// Dispatch from the dma-buf core to the exporter's ops (->mmap, ->pin,
// ->unpin, ->release) by the kind of exporter that made the buffer.
import type { Result } from "./api.js";
import { ok } from "./rules.js";
import type { KFile, KernelState } from "./state.js";
import type { VmaDraft } from "./mm.js";
import { drmGemPrimeMmap } from "./gem-mmap.js";
import { i915DmabufMmap } from "./drivers/i915.js";
import { udmabufMmap, udmabufRelease } from "./drivers/udmabuf.js";
import { heapMmap } from "./drivers/heap.js";
import { amdgpuDmaBufPin, amdgpuDmaBufUnpin } from "./drivers/amdgpu.js";

export function exporterMmap(s: KernelState, f: KFile, d: VmaDraft): Result<void> {
  const buf = f.dmabuf!;
  switch (buf.mmap) {
    case "gem-prime": return drmGemPrimeMmap(s, s.gem((buf.priv as { gem: number }).gem), d);
    case "i915-shmem": return i915DmabufMmap(s, s.gem((buf.priv as { gem: number }).gem), d);
    case "udmabuf": return udmabufMmap(d);
    case "system-heap": return heapMmap(f, d);
  }
}

/** ops->pin: only amdgpu's dma-buf ops have one. */
export function exporterPin(s: KernelState, bufFile: number): Result<void> {
  const buf = s.file(bufFile).dmabuf!;
  if (buf.priv.kind === "gem" && buf.dynamic) return amdgpuDmaBufPin(s, buf.priv.gem);
  return ok(undefined);
}

export function exporterUnpin(s: KernelState, bufFile: number): void {
  const buf = s.file(bufFile).dmabuf!;
  if (buf.priv.kind === "gem" && buf.dynamic) amdgpuDmaBufUnpin(s, buf.priv.gem);
}

/** ops->release for the non-GEM exporters (GEM exporters drop their GEM reference in the core). */
export function exporterRelease(s: KernelState, f: KFile): void {
  if (f.dmabuf!.priv.kind === "udmabuf") udmabufRelease(s, f);
}
