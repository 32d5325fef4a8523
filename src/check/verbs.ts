// The one verb table: for each actor kind, its verbs, their operands, option
// keys and flag words, what `as` binds, and whether the model runs the verb.
// The checker, the interpreter and `--help`-style listings all read this.

export const actorKinds = ["amdgpu", "i915", "rdma", "process", "vgem", "udmabuf", "dma-heap", "panfrost"] as const;
export type ActorKind = (typeof actorKinds)[number];

/** What a name can be bound to. `device` and `process` are actors. */
export type ObjKind = "bo" | "dmabuf" | "vma" | "mr" | "fence" | "syncfile" | "process" | "device";

export const objKindWords: Record<ObjKind, string> = {
  bo: "a buffer object (GEM handle)",
  dmabuf: "a dma-buf fd",
  vma: "a mapping",
  mr: "a memory region",
  fence: "a fence",
  syncfile: "a sync_file fd",
  process: "a process",
  device: "a device actor",
};

/** How an option's value is written. */
export type ValueKind =
  | { kind: "size" } // a number, sizes allowed (4K, 2M)
  | { kind: "count" } // a plain number (page index)
  | { kind: "enum"; values: readonly string[] } // one word of a closed set
  | { kind: "flags"; values: readonly string[] } // one or more words joined by `|`
  | { kind: "name"; kinds: readonly ObjKind[] }; // a bound name (or an actor)

export interface OperandSpec {
  /** `bind`: the operand names what the step creates; `ref`: an existing object or actor. */
  role: "bind" | "ref";
  kinds: readonly ObjKind[];
  /** How the operand is shown in messages (`B`, `D`, `DEVICE`). */
  label: string;
  optional?: boolean;
}

export interface VerbSpec {
  verb: string;
  subjects: readonly ActorKind[];
  operands: readonly OperandSpec[];
  options: Readonly<Record<string, ValueKind>>;
  /** Bare words that switch something on (`longterm`, `write`). */
  flagWords: readonly string[];
  /** What `as NAME` binds, if anything; `required` when the step makes no sense without it. */
  binds?: { kind: ObjKind; required: boolean };
  /** The step answers with an object: its outcome may be a bound name (or `none`). */
  yields?: readonly ObjKind[];
  /** The kernel path the verb stands for, in one line. */
  kernel: string;
  /** False: the checker knows the verb but the model does not run it yet (SCN3001). */
  modelled: boolean;
  /** Options (or flag words) that must be present. */
  requires?: readonly string[];
}

const GPU = ["amdgpu", "i915"] as const;
const DRM = ["amdgpu", "i915", "vgem", "panfrost"] as const;
const bo = (label = "B"): OperandSpec => ({ role: "ref", kinds: ["bo"], label });
const vma = (label = "M"): OperandSpec => ({ role: "ref", kinds: ["vma"], label });
const dmabuf = (label = "D"): OperandSpec => ({ role: "ref", kinds: ["dmabuf"], label });
const size = { kind: "size" } as const;
const domains = ["vram", "gtt", "system"] as const;

export const amdgpuUserptrFlags = ["readonly", "anononly", "validate", "register"] as const;
export const i915UserptrFlags = ["readonly", "probe", "unsynchronized"] as const;

export const verbTable: readonly VerbSpec[] = [
  { verb: "create", subjects: DRM, operands: [{ role: "bind", kinds: ["bo"], label: "B" }], options: { size, domain: { kind: "enum", values: domains } }, flagWords: [], requires: ["size"], kernel: "GEM create ioctl (amdgpu GEM_CREATE, i915 GEM_CREATE, vgem MODE_CREATE_DUMB, panfrost CREATE_BO)", modelled: true },
  { verb: "export", subjects: DRM, operands: [bo()], options: { flags: { kind: "flags", values: ["readonly", "bogus"] } }, flagWords: [], binds: { kind: "dmabuf", required: true }, kernel: "PRIME handle-to-fd: dma_buf_export + fd (`flags readonly`: no DRM_RDWR; `bogus`: a flag bit the ioctl does not define)", modelled: true },
  { verb: "import", subjects: DRM, operands: [{ role: "ref", kinds: ["dmabuf", "syncfile"], label: "D" }], options: {}, flagWords: [], binds: { kind: "bo", required: true }, kernel: "PRIME fd-to-handle: attach (dynamic where the driver is); the fd of a sync_file, which is no dma-buf, is EINVAL", modelled: true },
  { verb: "userptr", subjects: ["amdgpu"], operands: [vma()], options: { offset: size, len: size, flags: { kind: "flags", values: amdgpuUserptrFlags } }, flagWords: [], binds: { kind: "bo", required: true }, kernel: "DRM_IOCTL_AMDGPU_GEM_USERPTR", modelled: true },
  { verb: "userptr", subjects: ["i915"], operands: [vma()], options: { offset: size, len: size, flags: { kind: "flags", values: i915UserptrFlags } }, flagWords: [], binds: { kind: "bo", required: true }, kernel: "DRM_IOCTL_I915_GEM_USERPTR", modelled: true },
  { verb: "evict", subjects: ["amdgpu"], operands: [bo()], options: { to: { kind: "enum", values: domains } }, flagWords: [], kernel: "TTM move, kernel-internal: eviction (amdgpu_evict_flags) or, with `to`, a chosen placement (ttm_bo_validate)", modelled: true },
  { verb: "evict", subjects: ["i915"], operands: [bo()], options: {}, flagWords: [], kernel: "i915_gem_object_unbind, kernel-internal: GPU bindings go, the shmem pages stay", modelled: true },
  { verb: "pin", subjects: ["amdgpu"], operands: [bo()], options: { domain: { kind: "enum", values: domains } }, flagWords: [], kernel: "amdgpu_bo_pin (kernel-internal; default: where the BO is)", modelled: true },
  { verb: "pin", subjects: ["i915"], operands: [bo()], options: {}, flagWords: [], kernel: "i915 object pin (kernel-internal)", modelled: false },
  { verb: "unpin", subjects: ["amdgpu"], operands: [bo()], options: {}, flagWords: [], kernel: "amdgpu_bo_unpin (kernel-internal)", modelled: true },
  { verb: "unpin", subjects: ["i915"], operands: [bo()], options: {}, flagWords: [], kernel: "i915 object unpin (kernel-internal)", modelled: false },
  { verb: "use", subjects: GPU, operands: [bo()], options: {}, flagWords: [], kernel: "command submission: validate userptr pages / map the attachment", modelled: true },
  { verb: "close", subjects: DRM, operands: [bo()], options: {}, flagWords: [], kernel: "DRM_IOCTL_GEM_CLOSE", modelled: true },
  { verb: "fence", subjects: ["vgem"], operands: [bo()], options: {}, flagWords: ["write"], binds: { kind: "fence", required: false }, kernel: "DRM_IOCTL_VGEM_FENCE_ATTACH", modelled: true },
  { verb: "signal", subjects: ["vgem"], operands: [{ role: "ref", kinds: ["fence"], label: "F" }], options: {}, flagWords: [], kernel: "DRM_IOCTL_VGEM_FENCE_SIGNAL", modelled: true },
  { verb: "reg-mr", subjects: ["rdma"], operands: [vma()], options: { offset: size, len: size }, flagWords: ["read"], binds: { kind: "mr", required: true }, kernel: "ibv_reg_mr → ib_umem_get", modelled: true },
  { verb: "reg-dmabuf-mr", subjects: ["rdma"], operands: [dmabuf()], options: { offset: size, len: size }, flagWords: ["dynamic"], binds: { kind: "mr", required: true }, kernel: "ibv_reg_dmabuf_mr → ib_umem_dmabuf_get_pinned (`dynamic`: mlx5's ib_umem_dmabuf_get with move_notify)", modelled: true },
  { verb: "dereg", subjects: ["rdma"], operands: [{ role: "ref", kinds: ["mr"], label: "R" }], options: {}, flagWords: [], kernel: "ibv_dereg_mr", modelled: true },
  { verb: "create", subjects: ["udmabuf"], operands: [{ role: "bind", kinds: ["dmabuf"], label: "D" }], options: { from: { kind: "name", kinds: ["vma"] }, offset: size, len: size, flags: { kind: "flags", values: ["bogus"] } }, flagWords: [], requires: ["from"], kernel: "UDMABUF_CREATE from the memfd behind a mapping (`flags bogus`: a flag bit the ioctl does not define)", modelled: true },
  { verb: "alloc", subjects: ["dma-heap"], operands: [{ role: "bind", kinds: ["dmabuf"], label: "D" }], options: { size, flags: { kind: "flags", values: ["readonly", "bogus", "heap-bogus"] } }, flagWords: [], requires: ["size"], kernel: "DMA_HEAP_IOCTL_ALLOC on the system heap (`flags readonly`: O_RDONLY; `bogus`: an fd_flags bit outside O_CLOEXEC and O_ACCMODE; `heap-bogus`: a non-zero heap_flags)", modelled: true },
  { verb: "mmap", subjects: ["process"], operands: [{ role: "ref", kinds: ["dmabuf", "device"], label: "D|DEVICE" }, { role: "ref", kinds: ["bo"], label: "B", optional: true }], options: { offset: size, len: size }, flagWords: ["readonly", "private"], binds: { kind: "vma", required: true }, kernel: "mmap() of a dma-buf fd, or of the drm chardev at a BO's fake offset", modelled: true },
  { verb: "anon", subjects: ["process"], operands: [], options: {}, flagWords: ["readonly"], binds: { kind: "vma", required: true }, kernel: "mmap(MAP_PRIVATE|MAP_ANONYMOUS)", modelled: true },
  { verb: "memfd", subjects: ["process"], operands: [], options: { seal: { kind: "flags", values: ["shrink", "grow", "write", "seal"] } }, flagWords: [], binds: { kind: "vma", required: true }, kernel: "memfd_create + ftruncate + F_ADD_SEALS + mmap(MAP_SHARED)", modelled: true },
  { verb: "pin", subjects: ["process"], operands: [vma()], options: {}, flagWords: ["longterm", "read"], kernel: "pin_user_pages (FOLL_PIN, FOLL_LONGTERM with `longterm`)", modelled: true },
  { verb: "gup", subjects: ["process"], operands: [vma()], options: {}, flagWords: ["read"], kernel: "get_user_pages", modelled: true },
  { verb: "touch", subjects: ["process"], operands: [vma()], options: { page: { kind: "count" } }, flagWords: ["write"], kernel: "CPU access: page fault", modelled: true },
  { verb: "munmap", subjects: ["process"], operands: [vma()], options: {}, flagWords: [], kernel: "munmap()", modelled: true },
  { verb: "close", subjects: ["process"], operands: [{ role: "ref", kinds: ["dmabuf", "device"], label: "D|DEVICE" }], options: {}, flagWords: [], kernel: "close() of an fd, or of the process's drm fd of a device", modelled: true },
  { verb: "send", subjects: ["process"], operands: [dmabuf()], options: { to: { kind: "name", kinds: ["process"] } }, flagWords: [], requires: ["to"], binds: { kind: "dmabuf", required: false }, kernel: "SCM_RIGHTS over a unix socket", modelled: true },
  { verb: "fork", subjects: ["process"], operands: [], options: {}, flagWords: [], binds: { kind: "process", required: true }, kernel: "fork()", modelled: true },
  { verb: "exit", subjects: ["process"], operands: [], options: {}, flagWords: [], kernel: "exit()", modelled: true },
  { verb: "find-bo", subjects: ["process"], operands: [{ role: "ref", kinds: ["device"], label: "DEVICE" }, vma()], options: {}, flagWords: [], yields: ["bo"], kernel: "libdrm amdgpu_find_bo_by_cpu_mapping", modelled: true },
  { verb: "lookup", subjects: ["process"], operands: [vma()], options: {}, flagWords: [], yields: ["dmabuf"], kernel: "user VA → find_vma → vm_file → dma_buf", modelled: true },
  { verb: "seek", subjects: ["process"], operands: [dmabuf()], options: { to: { kind: "enum", values: ["set", "cur", "end"] }, offset: size }, flagWords: [], kernel: "lseek() of a dma-buf fd (dma_buf_llseek; default SEEK_SET, offset 0): only SEEK_END,0 (the size) and SEEK_SET,0 answer", modelled: true },
  { verb: "read", subjects: ["process"], operands: [dmabuf()], options: {}, flagWords: [], kernel: "read() of a dma-buf fd (vfs_read: no read op)", modelled: true },
  { verb: "sync", subjects: ["process"], operands: [dmabuf()], options: {}, flagWords: ["read", "write", "end", "bogus"], kernel: "DMA_BUF_IOCTL_SYNC with exactly the flags written: `read`/`write` (DMA_BUF_SYNC_READ/WRITE; neither is EINVAL), `end` (else START), `bogus` (an undefined bit)", modelled: true },
  { verb: "export-sync", subjects: ["process"], operands: [dmabuf()], options: {}, flagWords: ["write"], binds: { kind: "syncfile", required: true }, kernel: "DMA_BUF_IOCTL_EXPORT_SYNC_FILE: a sync_file of the fences a read (with `write`, a write) must wait for (6.0)", modelled: true },
  { verb: "import-sync", subjects: ["process"], operands: [dmabuf()], options: { from: { kind: "name", kinds: ["syncfile", "dmabuf"] } }, flagWords: ["write"], requires: ["from"], kernel: "DMA_BUF_IOCTL_IMPORT_SYNC_FILE: the fences of the sync_file `from` join the buffer's as read (with `write`, write) fences; any other fd is EINVAL (6.0)", modelled: true },
  { verb: "set-name", subjects: ["process"], operands: [dmabuf()], options: {}, flagWords: [], kernel: "DMA_BUF_SET_NAME (dma_buf_set_name)", modelled: true },
  { verb: "madvise", subjects: ["process"], operands: [vma()], options: {}, flagWords: ["dontneed"], kernel: "madvise(MADV_DONTNEED) over the whole mapping (the only advice modelled; `dontneed` may be written)", modelled: true },
  { verb: "mremap", subjects: ["process"], operands: [vma()], options: { grow: size }, flagWords: [], requires: ["grow"], kernel: "mremap() growing the mapping in place by `grow` bytes, without MREMAP_MAYMOVE", modelled: true },
  { verb: "mlock", subjects: ["process"], operands: [vma()], options: {}, flagWords: [], kernel: "mlock() of the whole mapping", modelled: true },
  { verb: "setrlimit", subjects: ["process"], operands: [], options: { memlock: size }, flagWords: [], requires: ["memlock"], kernel: "setrlimit(RLIMIT_MEMLOCK) to SIZE, soft and hard (the only limit modelled): what mlock and ibv_reg_mr are held to without CAP_IPC_LOCK", modelled: true },
  { verb: "drop-cap", subjects: ["process"], operands: [], options: {}, flagWords: ["ipc_lock"], requires: ["ipc_lock"], kernel: "capset() dropping CAP_IPC_LOCK (the only capability modelled; a process starts with it, as root does, and its children inherit what it holds)", modelled: true },
  { verb: "futex", subjects: ["process"], operands: [vma()], options: { page: { kind: "count" } }, flagWords: ["shared"], kernel: "FUTEX_WAKE on the first word of a page (FUTEX_PRIVATE_FLAG unless `shared`)", modelled: true },
  { verb: "proc-mem", subjects: ["process"], operands: [vma()], options: { page: { kind: "count" } }, flagWords: ["write"], kernel: "pread() (pwrite() with `write`) of /proc/self/mem at a page of the mapping (mem_rw → access_remote_vm, FOLL_FORCE)", modelled: true },
  { verb: "resize", subjects: ["process"], operands: [vma()], options: {}, flagWords: [], kernel: "ftruncate() of the memfd behind a `memfd` mapping M to SIZE (the size may follow M: `resize M 8K`)", modelled: true },
];

/** Size operands written positionally (`anon 2M as M`, `memfd 4K as M`, `resize M 8K`). */
export const positionalSize: ReadonlySet<string> = new Set(["anon", "memfd", "resize"]);

export function verbsOf(kind: ActorKind): VerbSpec[] {
  return verbTable.filter((v) => v.subjects.includes(kind));
}

export function findVerb(kind: ActorKind, verb: string): VerbSpec | undefined {
  return verbTable.find((v) => v.verb === verb && v.subjects.includes(kind));
}

export function isActorKind(s: string): s is ActorKind {
  return (actorKinds as readonly string[]).includes(s);
}
