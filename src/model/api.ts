// The kernel model's public API: the types a consumer (the engine, a vitest
// test, another tool) drives the model with. The model imports nothing from
// the language, the engine or the CLI.

export type Profile = "linux-5.10" | "linux-6.1" | "linux-6.12" | "linux-7.2";

export type DeviceKind = "amdgpu" | "i915" | "rdma" | "vgem" | "panfrost" | "udmabuf" | "dma-heap";

/** Kernel errno names the model can answer. Never invent one: each use cites the kernel code returning it. */
export type Errno =
  | "EPERM" | "ENOENT" | "ESRCH" | "EIO" | "E2BIG" | "EBADF" | "EAGAIN" | "ENOMEM" | "EACCES"
  | "EFAULT" | "EBUSY" | "EEXIST" | "ENODEV" | "EINVAL" | "EMFILE" | "ENOSPC" | "ENOSYS"
  | "ENOTTY" | "EOPNOTSUPP" | "EOVERFLOW" | "EBADFD" | "ENXIO" | "ETIMEDOUT" | "EPROTONOSUPPORT";

export type Signal = "SIGBUS" | "SIGSEGV";

/** A rule's source: `path/in/tree.c: function` (one structured form; see `rules`). */
export type Cite = string;

export type Fail =
  | { ok: false; errno: Errno; reason: string; cite: Cite }
  | { ok: false; signal: Signal; reason: string; cite: Cite };

export type Result<T> = { ok: true; value: T } | Fail;

/** Model-wide ids; deterministic (creation order). */
export type Pid = number;
export type Fd = number;
export type Handle = number;
export type Addr = number;
export type MrId = number;

/** A kernel object an expectation can name. */
export type ObjRef =
  | { kind: "file"; id: number } // an open file: dma-buf, drm file, memfd, …
  | { kind: "gem"; id: number } // a GEM object (BO)
  | { kind: "vma"; id: number }
  | { kind: "mr"; id: number }
  | { kind: "process"; id: number }
  | { kind: "mapping"; id: number }; // an address_space (a reverse map)

/** A field value as an expectation sees it. Objects compare by identity (ObjRef). */
export type FieldValue = number | string | boolean | string[] | ObjRef | null;

export interface MmapOptions {
  /** Byte offset into the file (buffer-relative for a dma-buf); default 0. */
  offset?: number;
  /** Length in bytes; default: the whole object from `offset`. */
  len?: number;
  /** default read+write */
  prot?: { read: boolean; write: boolean; exec?: boolean };
  /** MAP_SHARED (default true) or MAP_PRIVATE */
  shared?: boolean;
}

export interface AmdgpuUserptrFlags {
  readonly?: boolean;
  anononly?: boolean;
  validate?: boolean;
  register?: boolean;
}

export interface I915UserptrFlags {
  readonly?: boolean;
  probe?: boolean;
  unsynchronized?: boolean;
}

export interface PinOptions {
  /** FOLL_LONGTERM */
  longterm?: boolean;
  /** FOLL_WRITE (default true) */
  write?: boolean;
}

/** One entry of the ordered event log (faults, zaps, references taken and dropped, releases). */
export interface KernelEvent {
  /** 1-based step index the engine set with `beginStep`; 0 before the first step. */
  step: number;
  /** e.g. `dma_buf_export`, `fault`, `zap`, `dma_buf_release`, `gem_free`, `attach`. */
  what: string;
  /** Objects involved, as ObjRefs. */
  objects: ObjRef[];
  detail?: string;
}

export interface ModelHazard {
  kind: "stale-pte" | "stale-sgt" | "use-after-free" | "leaked-pin" | "refcount-underflow";
  objects: ObjRef[];
  step: number;
  message: string;
  cite: Cite;
}

/** How a field compares: numbers order, sets take `has`/`lacks`, the rest compare for equality. */
export type FieldType = "number" | "set" | "word" | "object" | "bool";

/**
 * The fields an expectation can read, per object kind (the state schema's
 * public part; SCHEMA.md says what each means in the kernel).
 */
export const fieldSchema: Readonly<Record<ObjRef["kind"], Readonly<Record<string, FieldType>>>> = {
  file: {
    refs: "number", type: "word", mapping: "object", owner: "word", mode: "word", size: "number", exp_name: "word",
    attachments: "number", device: "word", handles: "number", seals: "set", fences: "number",
  },
  gem: {
    refs: "number", ttm_refs: "number", handles: "number", domain: "word", size: "number", pins: "number",
    exported: "object", imported: "bool", userptr: "bool", valid: "bool", device: "word", fences: "number",
  },
  vma: {
    refs: "number", file: "object", pgoff: "number", flags: "set", ptes: "number", mapping: "object", owner: "word",
    start: "number", end: "number", private: "word", process: "object",
  },
  mr: { refs: "number", pins: "number", valid: "bool", process: "object" },
  process: { refs: "number", fds: "number", vmas: "number", name: "word", pinned_vm: "number", locked_vm: "number" },
  mapping: { refs: "number", vmas: "number" },
};
