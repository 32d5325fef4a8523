// System calls on a dma-buf fd itself, beyond mmap and close: lseek, read,
// DMA_BUF_IOCTL_SYNC and DMA_BUF_SET_NAME (kernel-semantics §1.7, fact 40).
// None of them changes what the model tracks; each leaves an event saying
// what the kernel answered.
import type { Fd, Result } from "./api.js";
import { fail, forProfile, ok, rule } from "./rules.js";
import { type KFile, type KernelState, type Process, fileRef } from "./state.js";
import { fget } from "./files.js";
import { exportSyncFile, importSyncFile } from "./sync-file.js";

export const LLSEEK = rule(
  "dma-buf.llseek", "drivers/dma-buf/dma-buf.c: dma_buf_llseek", "all",
  "lseek on a dma-buf answers only SEEK_END,0 (the size) and SEEK_SET,0 (0); any other whence or a nonzero offset is EINVAL",
);
export const READ_NO_OP = rule(
  "vfs.read-no-op", "fs/read_write.c: vfs_read", "all",
  "read() of a file whose f_op has neither read nor read_iter (a dma-buf) is EINVAL: the file was opened without FMODE_CAN_READ",
);
export const SYNC = rule(
  "dma-buf.ioctl-sync", "drivers/dma-buf/dma-buf.c: dma_buf_ioctl", "all",
  "DMA_BUF_IOCTL_SYNC: unknown flag bits or neither READ nor WRITE is EINVAL; otherwise START calls begin_cpu_access, END end_cpu_access",
);
export const SET_NAME = rule(
  "dma-buf.set-name", "drivers/dma-buf/dma-buf.c: dma_buf_set_name", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "DMA_BUF_SET_NAME replaces the buffer's name whatever is attached",
);
export const SET_NAME_510 = rule(
  "dma-buf.set-name-busy", "drivers/dma-buf/dma-buf.c: dma_buf_set_name", ["linux-5.10"],
  "5.10: DMA_BUF_SET_NAME on a buffer with an attachment is EBUSY (upstream 5.10; provisional, kernel-semantics §11.y)",
);

export type Whence = "set" | "cur" | "end";
export type SyncDir = { read: boolean; write: boolean };

/** What a dma-buf fd step asks: the verb and its words. */
export type FdOp =
  | { op: "seek"; whence: Whence; offset: number }
  | { op: "read" }
  | { op: "sync"; dir: SyncDir; end: boolean; badBits: boolean }
  | { op: "set-name"; name: string }
  /** DMA_BUF_IOCTL_EXPORT_SYNC_FILE (READ, or WRITE): answers the sync_file's fd. */
  | { op: "export-sync"; write: boolean }
  /** DMA_BUF_IOCTL_IMPORT_SYNC_FILE of the fd `from` (READ, or WRITE). */
  | { op: "import-sync"; write: boolean; from: Fd };

/** The fd's file when it is a dma-buf; a file of another kind is the caller's to refuse. */
export function dmaBufOfFd(s: KernelState, p: Process, fd: Fd): Result<KFile | null> {
  const f = fget(s, p, fd);
  if (!f.ok) return f;
  return ok(f.value.type === "dma-buf" ? f.value : null);
}

/** Runs `op` on the dma-buf `f`; answers lseek's return value, 0 for the others. */
export function fdOp(s: KernelState, p: Process, f: KFile, op: FdOp): Result<number> {
  switch (op.op) {
    case "export-sync":
      return exportSyncFile(s, p, f, op.write);
    case "import-sync":
      return importSyncFile(s, p, f, op.from, op.write);
    case "seek":
      return llseek(s, f, op.whence, op.offset);
    case "read":
      s.event("read", [fileRef(f.id)], READ_NO_OP.id);
      return fail(READ_NO_OP, "EINVAL", "dma_buf_fops has no read or read_iter");
    case "sync":
      return sync(s, f, op);
    case "set-name":
      return setName(s, f, op.name);
  }
}

function llseek(s: KernelState, f: KFile, whence: Whence, offset: number): Result<number> {
  if (whence === "cur") return fail(LLSEEK, "EINVAL", "dma_buf_llseek takes only SEEK_SET and SEEK_END");
  if (offset !== 0) return fail(LLSEEK, "EINVAL", "dma_buf_llseek takes only offset 0");
  const at = whence === "end" ? f.dmabuf!.size : 0;
  s.event("llseek", [fileRef(f.id)], `SEEK_${whence.toUpperCase()} returns ${at}`);
  return ok(at);
}

function sync(s: KernelState, f: KFile, op: Extract<FdOp, { op: "sync" }>): Result<number> {
  if (op.badBits) return fail(SYNC, "EINVAL", "flag bits outside DMA_BUF_SYNC_VALID_FLAGS_MASK");
  if (!op.dir.read && !op.dir.write) return fail(SYNC, "EINVAL", "neither DMA_BUF_SYNC_READ nor DMA_BUF_SYNC_WRITE");
  const dir = op.dir.read && op.dir.write ? "rw" : op.dir.read ? "read" : "write";
  s.event(op.end ? "end_cpu_access" : "begin_cpu_access", [fileRef(f.id)], `${f.dmabuf!.expName} ${dir}`);
  return ok(0);
}

function setName(s: KernelState, f: KFile, name: string): Result<number> {
  const r = forProfile(s.profile, SET_NAME, SET_NAME_510);
  if (r === SET_NAME_510 && f.dmabuf!.attachments.length > 0) return fail(r, "EBUSY", "the buffer has an attachment");
  s.event("set_name", [fileRef(f.id)], name);
  return ok(0);
}
