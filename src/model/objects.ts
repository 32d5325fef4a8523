// The kernel objects the model tracks, as plain records: devices, open files
// (dma-buf state lives on its file), address spaces, GEM objects,
// attachments, VMAs and their PTEs, processes, MRs, fences and page pins.
// KernelState (state.ts) holds the tables of them.
import type { DeviceKind, Fail, ObjRef, Pid } from "./api.js";
import type { OffsetManager } from "./offsets.js";
import type { IdAllocator } from "./idalloc.js";
import type { VmaTree } from "./vma-tree.js";

export const PAGE = 4096;

export type VmFlag =
  | "READ" | "WRITE" | "EXEC" | "SHARED" | "MAYREAD" | "MAYWRITE" | "MAYEXEC" | "MAYSHARE"
  | "IO" | "PFNMAP" | "MIXEDMAP" | "DONTEXPAND" | "DONTDUMP" | "LOCKED";

export interface Device {
  name: string;
  kind: DeviceKind;
  /** module that owns the driver's file_operations */
  module: string;
  /** dev->anon_inode->i_mapping for DRM devices; null for misc devices */
  mapping: number | null;
  /** the /dev node's inode mapping (f_mapping of every open of a misc device) */
  inode: number;
  offsets: OffsetManager | null;
  /** fake-offset node start -> the GEM object owning it (drm_vma_offset_lookup) */
  nodeGem: Map<number, number>;
  /** i915: the "i915.gem" mmap singleton while it exists */
  singleton: number | null;
}

export type FileType = "dma-buf" | "drm" | "memfd" | "shmem" | "misc" | "anon_inode" | "sync_file";

export type DmaBufPriv =
  | { kind: "gem"; gem: number }
  | { kind: "udmabuf"; memfdMapping: number; firstPage: number }
  | { kind: "heap"; pfn: number };

export interface DmaBuf {
  size: number;
  expName: string;
  /** exporter ops: pin/unpin present (dma_buf_is_dynamic) */
  dynamic: boolean;
  /** which ->mmap the exporter has */
  mmap: "gem-prime" | "i915-shmem" | "vgem-shmem" | "udmabuf" | "system-heap";
  priv: DmaBufPriv;
  /** exporting device name, or the misc device */
  exporter: string;
  attachments: number[];
}

export interface DrmFile {
  device: string;
  handles: Map<number, number>;
  /** idr of handles: the lowest free id >= 1 */
  handleIds: IdAllocator;
  /** prime cache: dma-buf file id -> handle (each entry holds a file ref) */
  prime: Map<number, number>;
  /** the same cache by handle */
  primeByHandle: Map<number, Set<number>>;
  /** vgem: the file's fence idr (fence id -> fence), lowest free id >= 1 */
  fences: Map<number, number>;
  fenceIds: IdAllocator;
}

export interface KFile {
  id: number;
  type: FileType;
  f_count: number;
  mode: "rw" | "ro";
  mapping: number;
  owner: string;
  alive: boolean;
  /** who opened/created it, for canonical labels */
  origin: string;
  dmabuf?: DmaBuf;
  drm?: DrmFile;
  memfd?: { size: number; seals: Set<string> };
  /** A sync_file: the fences it holds (their first records, see Fence.of). */
  sync?: { fences: number[] };
  /** the device of a misc or singleton file */
  device?: string;
  /** i915: the GEM object whose obj->base.filp this is */
  shmemOf?: number;
}

export interface AddressSpace {
  id: number;
  label: string;
  alive: boolean;
}

export interface Userptr {
  pid: Pid;
  start: number;
  size: number;
  readonly: boolean;
  anononly: boolean;
  valid: boolean;
  /** i915 5.10 UNSYNCHRONIZED: no mmu notifier */
  unsynchronized?: boolean;
  /** i915 5.10: the worker's pin result waiting for the next get_pages */
  pending?: { pages: string[] } | Fail;
}

export interface Gem {
  id: number;
  device: string;
  size: number;
  refcount: number;
  /** TTM's own kref (amdgpu); null for non-TTM objects */
  ttmRefs: number | null;
  handleCount: number;
  dmaBuf: number | null;
  importAttach: number | null;
  /** fake-offset node start (pages) or null when none is allocated */
  nodeStart: number | null;
  domain: string;
  /** amdgpu: bo->preferred_domains (the domain asked for at creation) */
  preferred: string;
  /** placement generation: bumped on every move */
  gen: number;
  pinCount: number;
  /** amdgpu_bo_pin calls other than the dma-buf pin callback (scanout-style pins) */
  driverPins: number;
  userptr: Userptr | null;
  /** i915 userptr pages pinned by the last successful use */
  pinnedPages: number;
  /** i915: obj->base.filp */
  shmemFile: number | null;
  /** i915: the WB mmap_offset node (start page) and the files allowed on it */
  mmo: { nodeStart: number; allowed: Set<number> } | null;
  /** drm_vma_node_allow: drm file id -> handles it holds to the object (may mmap it while > 0) */
  vmaAllowed: Map<number, number>;
  /** GEM refcount reached 0 (object released from GEM's point of view) */
  gemDead: boolean;
  /** backing memory freed (GEM dead and, for TTM, ttm_refs 0) */
  alive: boolean;
}

/** Who imports through an attachment, which decides what its move_notify does. */
export type ImporterKind = "prime" | "umem-pinned" | "umem-dynamic";

export interface Attachment {
  id: number;
  dmabuf: number;
  importer: string;
  kind: ImporterKind;
  dynamic: boolean;
  /** attach->peer2peer after the exporter's ->attach */
  peer2peer: boolean;
  /** a mapping (sg table) is held */
  mapped: boolean;
  /** the mapping was made and cached by the core at attach (<= 6.12): it lives until detach */
  cached: boolean;
  /** exporter pins taken for this attachment (core pin at attach or map, explicit dma_buf_pin) */
  pins: number;
  /** the core's map-time pin (released with the mapping) */
  mapPinned: boolean;
  /** exporter placement generation the mapping points at */
  mappedGen: number;
  /** the importing GEM object (amdgpu's import BO), for the importer's move_notify */
  importerGem?: number;
  alive: boolean;
}

export type FaultKind =
  | "anon" | "shmem" | "ttm" | "shmem-helper" | "gem-pages" | "i915-cpu" | "udmabuf" | "heap-pages" | "premapped";

export interface Pte {
  /** identity of the page mapped (used for pins and validity) */
  backing: string;
  gem?: number;
  gen?: number;
}

export interface Vma {
  id: number;
  pid: Pid;
  start: number;
  end: number;
  flags: Set<VmFlag>;
  file: number | null;
  pgoff: number;
  mapping: number | null;
  owner: string;
  priv: string;
  privGem: number | null;
  /** the reference the VMA holds on privGem through vm_ops */
  hold: "gem" | "ttm" | null;
  fault: FaultKind;
  anon: number | null;
  ptes: Map<number, Pte>;
  alive: boolean;
}

export interface LibdrmBo {
  gem: number;
  cpuPtr: number;
  size: number;
}

export interface Process {
  pid: Pid;
  name: string;
  alive: boolean;
  fds: Map<number, number>;
  fdIds: IdAllocator;
  devFds: Map<string, number>;
  vmas: VmaTree<Vma>;
  cursor: number;
  /** libdrm amdgpu per device: handle -> bo with cpu_ptr set by amdgpu_bo_cpu_map */
  libdrm: Map<string, Map<number, LibdrmBo>>;
  /** RLIMIT_MEMLOCK in bytes (soft and hard alike). */
  memlock: number;
  /** CAP_IPC_LOCK is held (processes start as root; `drop-cap ipc_lock` drops it): memlock limits do not apply. */
  capIpcLock: boolean;
  /** mm->pinned_vm: pages charged by RDMA MRs (ib_umem_get) until they are deregistered. */
  pinnedVm: number;
}

export interface Mr {
  id: number;
  pid: Pid;
  device: string;
  ufile: number;
  start: number;
  len: number;
  pages: string[];
  /** a dma-buf MR: its attachment and whether it holds an explicit dma_buf_pin */
  dmabuf: { file: number; attach: number; pinned: boolean } | null;
  alive: boolean;
}

export interface Fence {
  id: number;
  /** the reservation object it was added to (resvOf) */
  resv: string;
  write: boolean;
  signaled: boolean;
  /** The same dma_fence added to another reservation object (IMPORT_SYNC_FILE): the record it was first made as; it signals with it. */
  of?: number;
  /** The records IMPORT_SYNC_FILE made of this fence elsewhere (their `of` is this one). */
  copies?: number[];
}

export interface PinRecord {
  owner: ObjRef;
  pages: number;
  released: boolean;
}

/** What changed in the current step: the invariant checks look only here. */
export interface Dirty {
  gems: Set<number>;
  vmas: Set<number>;
  files: Set<number>;
  attachments: Set<number>;
}

/** Top of the mmap area: mappings are placed downwards from here. */
