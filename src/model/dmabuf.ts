// The dma-buf core: dma_buf_export (a new file whose f_count is the buffer's
// only refcount), dma_buf_get from an fd, release when the file dies,
// attachments (static/dynamic attach, detach, map with the <= 6.12 pin-at-attach
// rule), and the two mmap entries: dma_buf_mmap_internal for mmap of the fd and
// dma_buf_mmap for an importer forwarding its own mmap.
import type { Fd, Result } from "./api.js";
import { fail, ok, rule } from "./rules.js";
import { type DmaBuf, type KFile, type KernelState, type Process, PAGE, fileRef } from "./state.js";
import { fget, newFile } from "./files.js";
import { gemPut } from "./gem.js";
import type { VmaDraft } from "./mm.js";
import { exporterMmap, exporterPin, exporterRelease, exporterUnpin } from "./exporters.js";

export const EXPORT = rule(
  "dma-buf.export", "drivers/dma-buf/dma-buf.c: dma_buf_export", "all",
  "dma_buf_export creates a file with f_count 1 owned by the caller; its access mode comes from the exporter's flags",
);
export const GET_EBADF = rule("dma-buf.get-ebadf", "drivers/dma-buf/dma-buf.c: dma_buf_get", "all",
  "dma_buf_get of an fd that is not open gives EBADF, of a file that is not a dma-buf EINVAL");
export const RELEASE = rule(
  "dma-buf.release", "drivers/dma-buf/dma-buf.c: dma_buf_release", "all",
  "the dma-buf lives exactly as long as its file; at f_count 0 ops->release runs and the module reference goes",
);
export const ATTACH = rule(
  "dma-buf.attach", "drivers/dma-buf/dma-buf.c: dma_buf_dynamic_attach", "all",
  "an attachment is added; when importer and exporter differ in dynamism the core pins (dynamic exporter) and maps at once",
);
export const DETACH = rule(
  "dma-buf.detach", "drivers/dma-buf/dma-buf.c: dma_buf_detach", "all",
  "detach unmaps a cached mapping and unpins it when the exporter is dynamic",
);
export const MAP = rule(
  "dma-buf.map-attachment", "drivers/dma-buf/dma-buf.c: dma_buf_map_attachment", "all",
  "mapping returns the cached table or maps now; a dynamic exporter is pinned first when MOVE_NOTIFY is off",
);
export const MMAP_INTERNAL = rule(
  "dma-buf.mmap-bounds", "drivers/dma-buf/dma-buf.c: dma_buf_mmap_internal", "all",
  "mmap of a dma-buf fd with vm_pgoff + pages beyond the buffer gives EINVAL; vm_file and vm_pgoff are left to the exporter",
);
export const MMAP_FORWARD = rule(
  "dma-buf.mmap-forward", "drivers/dma-buf/dma-buf.c: dma_buf_mmap", "all",
  "an importer's forwarded mmap swaps vm_file to the dma-buf (vma_set_file), sets vm_pgoff and calls the exporter's ->mmap",
);
export const VMA_SET_FILE = rule(
  "mm.vma-set-file", "mm/util.c: vma_set_file", "all",
  "vma_set_file takes a reference on the new file and drops the one on the old",
);

export interface ExportInfo extends Omit<DmaBuf, "attachments"> {
  owner: string;
  mode: "rw" | "ro";
  /** f_mapping override (drm_gem_dmabuf_export: the device mapping) */
  mapping?: number;
  origin: string;
}

export function dmaBufExport(s: KernelState, info: ExportInfo): KFile {
  const { owner, mode, mapping, origin, ...buf } = info;
  const space = mapping ?? s.newSpace(`dmabuf-inode#${s.files.length + 1}`);
  const f = newFile(s, "dma-buf", { mapping: space, owner, mode, origin, dmabuf: { ...buf, attachments: [] } });
  s.event("dma_buf_export", [fileRef(f.id)], `${buf.expName} ${buf.size} bytes`);
  return f;
}

/** dma_buf_get(fd): +1 on success. */
export function dmaBufGet(s: KernelState, p: Process, fd: Fd): Result<KFile> {
  const f = fget(s, p, fd);
  if (!f.ok) return fail(GET_EBADF, "EBADF", `fd ${fd} is not open`);
  if (f.value.type !== "dma-buf") return fail(GET_EBADF, "EINVAL", `fd ${fd} is not a dma-buf`);
  f.value.f_count++;
  return f;
}

export function dmaBufRelease(s: KernelState, f: KFile): void {
  const buf = f.dmabuf!;
  if (buf.attachments.length > 0) s.event("warn", [fileRef(f.id)], "attachments left at release");
  s.event("dma_buf_release", [fileRef(f.id)], buf.expName);
  exporterRelease(s, f);
  if (buf.priv.kind === "gem") gemPut(s, buf.priv.gem);
}

export function dmaBufAttach(s: KernelState, bufFile: number, importer: string, dynamic: boolean): Result<number> {
  const buf = s.file(bufFile).dmabuf!;
  const id = s.attachments.length + 1;
  s.attachments.push({ id, dmabuf: bufFile, importer, dynamic, mapped: false, pinned: false, mappedGen: 0, alive: true });
  buf.attachments.unshift(id);
  s.event("attach", [fileRef(bufFile)], `${importer} ${dynamic ? "dynamic" : "static"}`);
  if (dynamic !== buf.dynamic && s.traits.pinAtAttach) {
    const m = mapNow(s, id);
    if (!m.ok) {
      buf.attachments = buf.attachments.filter((a) => a !== id);
      s.attachment(id).alive = false;
      return m;
    }
  }
  return ok(id);
}

function mapNow(s: KernelState, attId: number): Result<void> {
  const a = s.attachment(attId);
  const buf = s.file(a.dmabuf).dmabuf!;
  if (buf.dynamic && (!a.dynamic || !s.traits.moveNotify)) {
    const r = exporterPin(s, a.dmabuf);
    if (!r.ok) return r;
    a.pinned = true;
  }
  a.mapped = true;
  a.mappedGen = buf.priv.kind === "gem" ? s.gem(buf.priv.gem).gen : 0;
  s.event("map_attachment", [fileRef(a.dmabuf)], a.importer);
  return ok(undefined);
}

export function dmaBufMapAttachment(s: KernelState, attId: number): Result<void> {
  const a = s.attachment(attId);
  if (a.mapped) return ok(undefined);
  return mapNow(s, attId);
}

export function dmaBufDetach(s: KernelState, attId: number): void {
  const a = s.attachment(attId);
  const buf = s.file(a.dmabuf).dmabuf!;
  if (a.mapped) s.event("unmap_attachment", [fileRef(a.dmabuf)], a.importer);
  if (a.pinned) exporterUnpin(s, a.dmabuf);
  a.mapped = false;
  a.pinned = false;
  a.alive = false;
  buf.attachments = buf.attachments.filter((x) => x !== attId);
  s.event("detach", [fileRef(a.dmabuf)], a.importer);
}

/** f_op->mmap of a dma-buf file. */
export function dmaBufMmapInternal(s: KernelState, f: KFile, d: VmaDraft): Result<void> {
  const buf = f.dmabuf!;
  if (d.pgoff + d.npages > buf.size / PAGE) {
    return fail(MMAP_INTERNAL, "EINVAL", `pages [${d.pgoff}, ${d.pgoff + d.npages}) exceed the ${buf.size / PAGE}-page buffer`);
  }
  return exporterMmap(s, f, d);
}

/** dma_buf_mmap(dmabuf, vma, pgoff) as called by a forwarding importer. */
export function dmaBufMmapForward(s: KernelState, bufFile: number, d: VmaDraft, pgoff: number): Result<void> {
  const f = s.file(bufFile);
  const buf = f.dmabuf!;
  if (pgoff + d.npages > buf.size / PAGE) return fail(MMAP_FORWARD, "EINVAL", "forwarded range exceeds the buffer");
  s.event("vma_set_file", [fileRef(d.file), fileRef(bufFile)], VMA_SET_FILE.id);
  d.file = bufFile;
  d.pgoff = pgoff;
  return exporterMmap(s, f, d);
}

