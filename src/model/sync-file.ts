// sync_file fds and dma-bufs (drivers/dma-buf/dma-buf.c, sync_file.c):
// DMA_BUF_IOCTL_EXPORT_SYNC_FILE gathers the fences of the buffer's
// reservation object that an access must wait for into a new sync_file;
// DMA_BUF_IOCTL_IMPORT_SYNC_FILE adds a sync_file's fences to it, as read or
// write fences. Both ioctls came in 6.0. A fence added to a second
// reservation object is one dma_fence in the kernel; the model keeps a record
// per reservation object, and the added ones signal with the first.
import type { Fd, Result } from "./api.js";
import { fail, ok, rule } from "./rules.js";
import { type KFile, type KernelState, type Process, fileRef, indexAdd } from "./state.js";
import { fget, installFd, newFile } from "./files.js";
import { resvOfDmaBuf } from "./drivers/vgem-fence.js";

export const SYNC_FILE_NO_IOCTL = rule(
  "dma-buf.sync-file-ioctl", "drivers/dma-buf/dma-buf.c: dma_buf_ioctl", ["linux-5.10"],
  "5.10 has neither EXPORT_SYNC_FILE nor IMPORT_SYNC_FILE (6.0): an unknown dma-buf ioctl is ENOTTY",
);
export const EXPORT_SYNC_FILE = rule(
  "dma-buf.export-sync-file", "drivers/dma-buf/dma-buf.c: dma_buf_export_sync_file", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "EXPORT_SYNC_FILE makes a sync_file of the unsignalled fences an access must wait for: a write waits for every fence, a read for the write fences (dma_resv_usage_rw); none gives a signalled stub",
);
export const IMPORT_SYNC_FILE = rule(
  "dma-buf.import-sync-file", "drivers/dma-buf/dma-buf.c: dma_buf_import_sync_file", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "IMPORT_SYNC_FILE of an fd that is not a sync_file is EINVAL (sync_file_get_fence); otherwise its fences join the reservation object as write fences (WRITE) or read fences (READ)",
);

/** The anonymous inode live sync_files share (a new one once the last has gone, which the snapshot cannot tell apart). */
function anonInode(s: KernelState): number {
  const f = s.files.find((x) => x.type === "sync_file" && x.alive);
  return f ? f.mapping : s.newSpace("anon_inode:sync_file");
}

/** The first record of a fence: what a sync_file holds and what signals. */
const rootOf = (s: KernelState, id: number) => s.fences[id - 1]!.of ?? id;

export function exportSyncFile(s: KernelState, p: Process, buf: KFile, write: boolean): Result<Fd> {
  if (s.profile === "linux-5.10") return fail(SYNC_FILE_NO_IOCTL, "ENOTTY", "no DMA_BUF_IOCTL_EXPORT_SYNC_FILE before 6.0");
  const wait = [...(s.resvFences.get(resvOfDmaBuf(buf)) ?? [])].filter((id) => write || s.fences[id - 1]!.write).sort((a, b) => a - b);
  const fences = [...new Set(wait.map((id) => rootOf(s, id)))];
  const f = newFile(s, "sync_file", { mapping: anonInode(s), owner: "sync_file", origin: p.name, mode: "ro", sync: { fences } });
  s.event("export_sync_file", [fileRef(buf.id), fileRef(f.id)], fences.length === 0 ? "no fence to wait for: a signalled stub" : `${fences.length} fence(s)`);
  return ok(installFd(p, f.id));
}

export function importSyncFile(s: KernelState, p: Process, buf: KFile, from: Fd, write: boolean): Result<number> {
  if (s.profile === "linux-5.10") return fail(SYNC_FILE_NO_IOCTL, "ENOTTY", "no DMA_BUF_IOCTL_IMPORT_SYNC_FILE before 6.0");
  const src = fget(s, p, from);
  const sync = src.ok ? src.value.sync : undefined;
  if (!sync) return fail(IMPORT_SYNC_FILE, "EINVAL", `fd ${from} is not a sync_file`);
  const resv = resvOfDmaBuf(buf);
  let added = 0;
  for (const id of sync.fences) {
    if (s.fences[id - 1]!.signaled) continue;
    const mirror = { id: s.fences.length + 1, resv, write, signaled: false, of: id };
    s.fences.push(mirror);
    (s.fences[id - 1]!.copies ??= []).push(mirror.id);
    indexAdd(s.resvFences, resv, mirror.id);
    added++;
  }
  s.event("import_sync_file", [fileRef(buf.id)], `${added} ${write ? "write" : "read"} fence(s)`);
  return ok(0);
}

/** Unsignalled fences a sync_file holds. */
export function syncFileFences(s: KernelState, f: KFile): number {
  return f.sync!.fences.filter((id) => !s.fences[id - 1]!.signaled).length;
}
