// mmap(2) of a file descriptor: the generic do_mmap/mmap_region rules (access
// mode checks, VM_ flags from prot and the file mode, vm_file and vm_pgoff set
// before ->mmap), dispatch to the file's ->mmap, and commit of the VMA linked at
// its final file and pgoff. Also the anonymous and memfd mappings.
import type { Addr, Fd, MmapOptions, Result } from "./api.js";
import { type Rule, fail, ok, rule } from "./rules.js";
import { type KFile, type KernelState, type Process, type VmFlag, PAGE, fileRef, pagesOf } from "./state.js";
import { fget } from "./files.js";
import { type VmaDraft, commitVma } from "./mm.js";
import { dmaBufMmapInternal } from "./dmabuf.js";
import { driverFor } from "./drivers/index.js";

export const MMAP_OFF_ALIGN = rule(
  "mm.mmap-offset-align", "arch/x86/kernel/sys_x86_64.c: __do_sys_mmap", "all", "an mmap offset that is not page aligned gives EINVAL",
);
export const DO_MMAP = rule(
  "mm.do-mmap", "mm/mmap.c: do_mmap", "all",
  "len 0 gives EINVAL; MAP_SHARED|PROT_WRITE of a file without FMODE_WRITE gives EACCES; MAP_SHARED of a read-only file clears MAYWRITE and SHARED; no ->mmap gives ENODEV",
);
export const MMAP_REGION = rule(
  "mm.mmap-region", "mm/mmap.c: mmap_region", "all",
  "vm_file (+1 reference) and vm_pgoff are set before ->mmap; a failed ->mmap drops whatever vm_file then is, leaving no reference behind",
);
export const NOEXEC_MMAP = rule(
  "mm.do-mmap-noexec", "mm/mmap.c: do_mmap", ["linux-7.2"],
  "7.2: a file on a SB_I_NOEXEC filesystem (every dma-buf: fs/libfs.c init_pseudo) is mapped without VM_MAYEXEC",
);
export const SHMEM_MMAP = rule(
  "shmem.mmap-seal", "mm/shmem.c: shmem_mmap", "all",
  "a write-sealed memfd cannot be mapped shared-writable (EPERM); a shared mapping of it loses MAYWRITE",
);
export const MISC_NO_MMAP = rule(
  "misc.no-mmap", "mm/mmap.c: do_mmap", "all",
  "the /dev/udmabuf and /dev/dma_heap/* files have no ->mmap: do_mmap answers ENODEV",
);
export const UVERBS_MMAP = rule(
  "rdma.uverbs-mmap", "drivers/infiniband/core/uverbs_main.c: ib_uverbs_mmap", "all",
  "mmap of the uverbs file maps device doorbell pages, which the model has none of: EINVAL",
);

/** The VM_ flags do_mmap computes from prot, MAP_SHARED and the file's mode. */
export function mmapFlags(prot: { read: boolean; write: boolean; exec?: boolean }, shared: boolean, fileWritable: boolean): Set<VmFlag> {
  const f = new Set<VmFlag>(["MAYREAD", "MAYWRITE", "MAYEXEC"]);
  if (prot.read) f.add("READ");
  if (prot.write) f.add("WRITE");
  if (prot.exec) f.add("EXEC");
  if (shared) {
    f.add("SHARED");
    f.add("MAYSHARE");
    if (!fileWritable) { f.delete("MAYWRITE"); f.delete("SHARED"); }
  }
  return f;
}

function fullLen(f: KFile): number {
  if (f.dmabuf) return f.dmabuf.size;
  if (f.memfd) return f.memfd.size;
  return 0;
}

export function doMmap(s: KernelState, p: Process, fd: Fd, opts: MmapOptions): Result<Addr> {
  const fr = fget(s, p, fd);
  if (!fr.ok) return fr;
  const f = fr.value;
  const offset = opts.offset ?? 0;
  if (offset % PAGE !== 0) return fail(MMAP_OFF_ALIGN, "EINVAL", "mmap offset is not page aligned");
  const len = opts.len ?? Math.max(fullLen(f) - offset, 0);
  if (len <= 0) return fail(DO_MMAP, "EINVAL", "mmap length 0");
  const prot = opts.prot ?? { read: true, write: true };
  const shared = opts.shared ?? true;
  if (shared && prot.write && f.mode === "ro") return fail(DO_MMAP, "EACCES", "MAP_SHARED|PROT_WRITE of a file opened read-only");
  const flags = mmapFlags(prot, shared, f.mode === "rw");
  if (f.type === "dma-buf" && s.traits.dmaBufNoExec) flags.delete("MAYEXEC");
  const d: VmaDraft = {
    pid: p.pid, npages: pagesOf(len), flags, file: f.id,
    pgoff: offset / PAGE, owner: f.owner, priv: "none", privGem: null, hold: null, fault: "shmem", premap: null,
  };
  const r = fileMmap(s, f, d);
  if (!r.ok) return r;
  return ok(commitVma(s, p, d).start);
}

function fileMmap(s: KernelState, f: KFile, d: VmaDraft): Result<void> {
  switch (f.type) {
    case "dma-buf": return dmaBufMmapInternal(s, f, d);
    case "drm": {
      const dev = s.device(f.drm!.device)!;
      return driverFor(dev.kind).chardevMmap(s, dev, f, d);
    }
    case "memfd":
    case "shmem": return shmemMmap(f, d);
    case "misc": {
      const dev = s.device(f.device!)!;
      if (dev.kind === "rdma") return fail(UVERBS_MMAP, "EINVAL", "uverbs doorbell pages are not modelled");
      return fail(MISC_NO_MMAP, "ENODEV", `${dev.kind} device file has no mmap`);
    }
    case "anon_inode":
    case "sync_file": return fail(MISC_NO_MMAP, "ENODEV", "this file has no mmap");
  }
}

/** shmem_mmap: the ordinary page-cache mapping of a memfd or GEM shmem file. */
export function shmemMmap(f: KFile, d: VmaDraft): Result<void> {
  const seals = f.memfd?.seals;
  if (seals?.has("write")) {
    if (d.flags.has("SHARED") && d.flags.has("WRITE")) return fail(SHMEM_MMAP, "EPERM", "the memfd is write-sealed");
    if (d.flags.has("SHARED")) d.flags.delete("MAYWRITE");
  }
  d.owner = "shmem";
  d.fault = "shmem";
  d.priv = "none";
  return ok(undefined);
}

/**
 * A dma-buf ->mmap that maps the GEM object's shmem file instead and makes it
 * the VMA's file (i915_gem_dmabuf_mmap; vgem_prime_mmap on 5.10): checked
 * against the object's size, under the exporter's own rule.
 */
export function swapToShmemFile(s: KernelState, g: { size: number; shmemFile: number | null }, d: VmaDraft, by: Rule): Result<void> {
  if (g.size < d.npages * PAGE) return fail(by, "EINVAL", "mapping larger than the object");
  if (g.shmemFile === null) return fail(by, "ENODEV", "the object has no shmem file");
  const shm = s.file(g.shmemFile);
  const r = shmemMmap(shm, d);
  if (!r.ok) return r;
  s.event("vma_set_file", [fileRef(d.file), fileRef(shm.id)], by.id);
  d.file = shm.id;
  return ok(undefined);
}
