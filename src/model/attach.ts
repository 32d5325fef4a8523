// dma-buf attachments: attach (static or dynamic, peer2peer as the exporter
// leaves it), map and unmap with the core's pin rules per profile, explicit
// dma_buf_pin/unpin, detach, and move notification, which reaches dynamic
// importers only and does what each importer's callback does.
import type { Result } from "./api.js";
import { ok, rule } from "./rules.js";
import { type Attachment, type ImporterKind, type KernelState, fileRef } from "./state.js";
import { exporterAttach, exporterMap, exporterPin, exporterUnpin, importerMoveNotify } from "./exporters.js";

export const ATTACH = rule(
  "dma-buf.attach", "drivers/dma-buf/dma-buf.c: dma_buf_dynamic_attach", "all",
  "an attachment is added at the list head with peer2peer as the importer asked and the exporter's ->attach left it; on <= 6.12, when importer and exporter differ in dynamism, the core pins a dynamic exporter and maps at once, caching the table",
);
export const DETACH = rule(
  "dma-buf.detach", "drivers/dma-buf/dma-buf.c: dma_buf_detach", "all",
  "detach unmaps a cached mapping (unpinning a dynamic exporter) and removes the attachment",
);
export const MAP = rule(
  "dma-buf.map-attachment", "drivers/dma-buf/dma-buf.c: dma_buf_map_attachment", "all",
  "a cached table is returned as is; otherwise a dynamic exporter is pinned first for static importers (and, with MOVE_NOTIFY off on <= 6.12, for dynamic ones) and the exporter maps; the pin goes with the mapping",
);
export const UNMAP = rule(
  "dma-buf.unmap-attachment", "drivers/dma-buf/dma-buf.c: dma_buf_unmap_attachment", "all",
  "unmapping an attachment releases the pin its mapping took; a table cached at attach stays until detach",
);
export const DMA_BUF_PIN = rule(
  "dma-buf.pin", "drivers/dma-buf/dma-buf.c: dma_buf_pin", "all",
  "dma_buf_pin/dma_buf_unpin call the exporter's pin/unpin for a dynamic importer (exporters without pin answer 0)",
);
export const MOVE_NOTIFY_CORE = rule(
  "dma-buf.move-notify", "drivers/dma-buf/dma-buf.c: dma_buf_move_notify", "all",
  "the exporter's move notification reaches dynamic attachments only (7.2: only those with an invalidate_mappings callback); static importers are never told",
);
export const UMEM_PINNED_NOTIFY = rule(
  "rdma.umem-dmabuf-pinned-notify", "drivers/infiniband/core/umem_dmabuf.c: ib_umem_dmabuf_unsupported_move_notify", ["linux-6.1", "linux-6.12"],
  "a pinned dma-buf MR's move callback only warns that it should not be called while pinned; its mapping stays",
);

export interface AttachOpts {
  importer: string;
  kind: ImporterKind;
  dynamic: boolean;
  /** importer_ops->allow_peer2peer */
  allowP2p: boolean;
}

export function dmaBufAttach(s: KernelState, bufFile: number, o: AttachOpts): Result<number> {
  const buf = s.file(bufFile).dmabuf!;
  const id = s.attachments.length + 1;
  const a: Attachment = {
    id, dmabuf: bufFile, importer: o.importer, kind: o.kind, dynamic: o.dynamic, peer2peer: o.allowP2p,
    mapped: false, cached: false, pins: 0, mapPinned: false, mappedGen: 0, alive: true,
  };
  a.peer2peer = exporterAttach(s, bufFile, a);
  s.attachments.push(a);
  buf.attachments.unshift(id);
  s.dirty.attachments.add(id);
  const p2p = buf.dynamic && a.peer2peer ? " peer2peer" : "";
  s.event("attach", [fileRef(bufFile)], `${o.importer} ${o.dynamic ? "dynamic" : "static"}${p2p}`);
  if (s.traits.pinAtAttach && o.dynamic !== buf.dynamic) {
    const m = mapNow(s, a);
    if (!m.ok) {
      buf.attachments = buf.attachments.filter((x) => x !== id);
      a.alive = false;
      return m;
    }
    a.cached = true;
  }
  return ok(id);
}

/** Whether the core pins a dynamic exporter when mapping this attachment. */
function corePinsOnMap(s: KernelState, a: Attachment): boolean {
  if (!s.file(a.dmabuf).dmabuf!.dynamic) return false;
  if (!a.dynamic) return true;
  return s.traits.moveNotifyOption && !s.knobs.moveNotify;
}

function mapNow(s: KernelState, a: Attachment): Result<void> {
  const pin = corePinsOnMap(s, a);
  if (pin) {
    const r = exporterPin(s, a.dmabuf);
    if (!r.ok) return r;
    a.pins++;
  }
  const m = exporterMap(s, a.dmabuf, a);
  if (!m.ok) {
    if (pin) { exporterUnpin(s, a.dmabuf); a.pins--; }
    return m;
  }
  const buf = s.file(a.dmabuf).dmabuf!;
  a.mapped = true;
  a.mapPinned = pin;
  a.mappedGen = buf.priv.kind === "gem" ? s.gem(buf.priv.gem).gen : 0;
  s.dirty.attachments.add(a.id);
  s.event("map_attachment", [fileRef(a.dmabuf)], a.importer);
  return ok(undefined);
}

export function dmaBufMapAttachment(s: KernelState, attId: number): Result<void> {
  const a = s.attachment(attId);
  return a.mapped ? ok(undefined) : mapNow(s, a);
}

/** The importer drops its mapping (a table cached at attach stays until detach unless `force`). */
export function dmaBufUnmapAttachment(s: KernelState, attId: number, force = false): void {
  const a = s.attachment(attId);
  if (!a.mapped || (a.cached && !force)) return;
  s.event("unmap_attachment", [fileRef(a.dmabuf)], a.importer);
  if (a.mapPinned) {
    exporterUnpin(s, a.dmabuf);
    a.pins--;
  }
  a.mapped = false;
  a.cached = false;
  a.mapPinned = false;
  s.dirty.attachments.add(a.id);
}

export function dmaBufPin(s: KernelState, attId: number): Result<void> {
  const a = s.attachment(attId);
  const r = exporterPin(s, a.dmabuf);
  if (!r.ok) return r;
  a.pins++;
  return ok(undefined);
}

export function dmaBufUnpin(s: KernelState, attId: number): void {
  const a = s.attachment(attId);
  exporterUnpin(s, a.dmabuf);
  if (a.pins > 0) a.pins--;
}

export function dmaBufDetach(s: KernelState, attId: number): void {
  const a = s.attachment(attId);
  const buf = s.file(a.dmabuf).dmabuf!;
  dmaBufUnmapAttachment(s, attId, true);
  a.alive = false;
  buf.attachments = buf.attachments.filter((x) => x !== attId);
  s.dirty.attachments.add(a.id);
  s.event("detach", [fileRef(a.dmabuf)], a.importer);
}

/** dma_buf_move_notify (7.2: dma_buf_invalidate_mappings), called by the exporter with the buffer moving. */
export function dmaBufMoveNotify(s: KernelState, bufFile: number, via: string): void {
  for (const id of s.file(bufFile).dmabuf!.attachments) {
    const a = s.attachment(id);
    if (!a.dynamic) continue;
    if (a.kind === "umem-pinned" && s.traits.umemPinnedNotify === "none") continue;
    s.event("move_notify", [fileRef(bufFile)], `${a.importer} (${via})`);
    if (a.kind === "umem-pinned") {
      s.event("warn", [fileRef(bufFile)], UMEM_PINNED_NOTIFY.id);
      continue;
    }
    importerMoveNotify(s, a);
    dmaBufUnmapAttachment(s, id, true);
  }
}

