// The dma-buf core: dma_buf_export (a new file whose f_count is the buffer's
// only refcount), dma_buf_get from an fd, release when the file dies, and the
// two mmap entries: dma_buf_mmap_internal for mmap of the fd and dma_buf_mmap
// for an importer forwarding its own mmap (with the forward-mmap and
// require-pfnmap what-ifs). Attachments live in attach.ts.
import type { Fd, Result } from "./api.js";
import { fail, rule } from "./rules.js";
import { type DmaBuf, type KFile, type KernelState, type Process, PAGE, fileRef, indexAdd, indexRemove } from "./state.js";
import { fget, newFile } from "./files.js";
import { gemPut } from "./gem.js";
import type { VmaDraft } from "./mm.js";
import { exporterMmap, exporterRelease } from "./exporters.js";
import { KNOBS } from "./knobs.js";

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
export const MMAP_INTERNAL = rule(
  "dma-buf.mmap-bounds", "drivers/dma-buf/dma-buf.c: dma_buf_mmap_internal", "all",
  "mmap of a dma-buf fd with vm_pgoff + pages beyond the buffer gives EINVAL; vm_file and vm_pgoff are left to the exporter",
);
export const MMAP_FORWARD = rule(
  "dma-buf.mmap-forward", "drivers/dma-buf/dma-buf.c: dma_buf_mmap", "all",
  "an importer's forwarded mmap swaps vm_file to the dma-buf (vma_set_file), sets vm_pgoff and calls the exporter's ->mmap",
);
export const VMA_SET_FILE = rule(
  "mm.vma-set-file", "mm/util.c: vma_set_file", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "vma_set_file takes a reference on the new file and drops the one on the old (5.10 swaps the file by hand in dma_buf_mmap)",
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
  if (buf.priv.kind === "gem") indexAdd(s.gemDmaBufs, buf.priv.gem, f.id);
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
  if (buf.priv.kind === "gem") {
    indexRemove(s.gemDmaBufs, buf.priv.gem, f.id);
    gemPut(s, buf.priv.gem);
  }
}

/** The require-pfnmap what-if: the posted patch only WARNs after ->mmap; the answer is unchanged. */
function requirePfnmap(s: KernelState, d: VmaDraft, r: Result<void>): Result<void> {
  if (r.ok && s.knobs.requirePfnmap && !d.flags.has("PFNMAP")) {
    s.event("warn", [fileRef(d.file)], `${KNOBS["require-pfnmap"]!.rule.id}: the exporter's mapping is not VM_PFNMAP`);
  }
  return r;
}

/** f_op->mmap of a dma-buf file. */
export function dmaBufMmapInternal(s: KernelState, f: KFile, d: VmaDraft): Result<void> {
  const buf = f.dmabuf!;
  if (d.pgoff + d.npages > buf.size / PAGE) {
    return fail(MMAP_INTERNAL, "EINVAL", `pages [${d.pgoff}, ${d.pgoff + d.npages}) exceed the ${buf.size / PAGE}-page buffer`);
  }
  return requirePfnmap(s, d, exporterMmap(s, f, d));
}

/**
 * dma_buf_mmap(dmabuf, vma, pgoff) as called by a forwarding importer. Under
 * the forward-mmap knob the file swap or the pgoff translation is left out.
 */
export function dmaBufMmapForward(s: KernelState, bufFile: number, d: VmaDraft, pgoff: number): Result<void> {
  const f = s.file(bufFile);
  const buf = f.dmabuf!;
  if (pgoff + d.npages > buf.size / PAGE) return fail(MMAP_FORWARD, "EINVAL", "forwarded range exceeds the buffer");
  const mode = s.knobs.forwardMmap;
  const importerFile = d.file;
  if (mode !== "no-file-swap") {
    s.event("vma_set_file", [fileRef(d.file), fileRef(bufFile)], s.traits.dmaBufMmapRestores ? MMAP_FORWARD.id : VMA_SET_FILE.id);
    d.file = bufFile;
  }
  if (mode === "no-pgoff-translate") d.keepPgoff = true;
  else d.pgoff = pgoff;
  const r = exporterMmap(s, f, d);
  if (!r.ok && s.traits.dmaBufMmapRestores) d.file = importerFile;
  return requirePfnmap(s, d, r);
}
