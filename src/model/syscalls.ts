// Process-side system calls beyond mmap: anonymous and memfd mappings,
// pin/gup probes, fork, exit, and the user-VA -> dma-buf lookup.
import type { Addr, ObjRef, Pid, PinOptions, Result } from "./api.js";
import { fail, ok, rule } from "./rules.js";
import { type KernelState, type Process, PAGE, fileRef, procRef, vmaRef } from "./state.js";
import { addProcess, closeFd, getFile, installFd, newFile } from "./files.js";
import { anonVma, forkVma, removeVma, vmaAt } from "./mm.js";
import { doMmap, mmapFlags } from "./mmap.js";
import { isCow } from "./vmflags.js";
import { gupWalk } from "./gup.js";
import { userptrInvalidate } from "./userptr.js";
import { KNOBS } from "./knobs.js";

export const ANON_MMAP = rule(
  "mm.anon-mmap", "mm/mmap.c: mmap_region", "all",
  "an anonymous private mapping has no vm_file and vm_pgoff = addr >> PAGE_SHIFT; length 0 gives EINVAL",
);
export const MEMFD_CREATE = rule(
  "memfd.create", "mm/memfd.c: memfd_fcntl", "all",
  "memfd_create(MFD_ALLOW_SEALING) gives a shmem file with its own mapping; F_ADD_SEALS records the seals",
);
export const PIN_PROBE = rule(
  "gup.pin-user-pages", "mm/gup.c: pin_user_pages", "all",
  "pin_user_pages (FOLL_PIN, optionally FOLL_LONGTERM) and get_user_pages fault the range in or fail like check_vma_flags",
);
export const FORK = rule(
  "fork.copy-files", "kernel/fork.c: copy_files", "all", "a child gets a duplicate of every fd (+1 f_count each): it shares the drm files",
);
export const FORK_COW_INVALIDATE = rule(
  "fork.cow-invalidate", "mm/memory.c: copy_page_range", "all",
  "fork write-protects the parent's copy-on-write mappings that need copying (touched anonymous pages, PFNMAP/MIXEDMAP) under an mmu notifier: userptr BOs over them are invalidated and revalidate at their next use",
);
export const EXIT = rule(
  "exit.do-exit", "kernel/exit.c: do_exit", "all", "exit tears the address space down (exit_mm) before closing the files (exit_files)",
);
export const VMA_LOOKUP = rule(
  "mm.vma-lookup-dmabuf", "drivers/dma-buf/dma-buf.c: is_dma_buf_file", "all",
  "a VMA maps a dma-buf only when its vm_file is a dma-buf file (f_op == dma_buf_fops); no VMA or another file: none",
);
const GET_DMABUF = KNOBS.get_dmabuf!.rule;

export function anon(s: KernelState, p: Process, size: number, write: boolean): Result<Addr> {
  if (size <= 0) return fail(ANON_MMAP, "EINVAL", "length 0");
  const flags = mmapFlags({ read: true, write }, false, true);
  return ok(anonVma(s, p, Math.ceil(size / PAGE), flags).start);
}

const SEAL_ORDER = ["seal", "shrink", "grow", "write"];

export function memfd(s: KernelState, p: Process, size: number, seals: string[]): Result<Addr> {
  const f = newFile(s, "memfd", {
    mapping: s.newSpace(`memfd#${s.files.length + 1}`), owner: "shmem", origin: p.name,
    memfd: { size, seals: new Set(SEAL_ORDER.filter((x) => seals.includes(x))) },
  });
  const fd = installFd(p, f.id);
  s.event("memfd_create", [fileRef(f.id)], `${size} bytes, seals ${[...f.memfd!.seals].join("|") || "none"}`);
  const write = !f.memfd!.seals.has("write");
  return doMmap(s, p, fd, { offset: 0, len: size, prot: { read: true, write }, shared: true });
}

export function memfdOfVma(s: KernelState, p: Process, addr: Addr): ObjRef | undefined {
  const v = vmaAt(s, p, addr);
  if (!v || v.file === null) return undefined;
  const f = s.file(v.file);
  return f.type === "memfd" ? fileRef(f.id) : undefined;
}

export function pinProbe(s: KernelState, p: Process, addr: Addr, len: number, opts: PinOptions, pin: boolean): Result<void> {
  const write = opts.write ?? true;
  const r = gupWalk(s, p, addr, len, { write, longterm: pin && !!opts.longterm });
  const what = pin ? (opts.longterm ? "pin_user_pages longterm" : "pin_user_pages") : "get_user_pages";
  s.event(what, [procRef(p.pid)], r.ok ? `${r.value.length} pages, released` : r.reason);
  return r.ok ? ok(undefined) : r;
}

export function fork(s: KernelState, parent: Process, name: string): Pid {
  const pid = addProcess(s, name, false);
  const child = s.process(pid)!;
  for (const [fd, id] of [...parent.fds].sort((a, b) => a[0] - b[0])) {
    getFile(s, id);
    child.fds.set(fd, id);
  }
  child.fdIds = parent.fdIds.clone();
  for (const [dev, fd] of parent.devFds) child.devFds.set(dev, fd);
  for (const v of parent.vmas.ascending()) {
    const needsCopy = v.ptes.size > 0 || v.flags.has("PFNMAP") || v.flags.has("MIXEDMAP");
    if (isCow(v.flags) && needsCopy) {
      s.event("mmu_invalidate", [vmaRef(v.id)], FORK_COW_INVALIDATE.id);
      userptrInvalidate(s, parent.pid, v.start, v.end);
    }
    forkVma(s, v, child);
  }
  child.cursor = parent.cursor;
  // Limits and capabilities are the parent's; pinned_vm belongs to the new mm and starts at 0.
  child.memlock = parent.memlock;
  child.capIpcLock = parent.capIpcLock;
  for (const [dev, t] of parent.libdrm) child.libdrm.set(dev, new Map([...t].map(([h, b]) => [h, { ...b }])));
  s.event("fork", [procRef(parent.pid), procRef(pid)], FORK.id);
  return pid;
}

export function exit(s: KernelState, p: Process): void {
  userptrInvalidate(s, p.pid, 0, Number.MAX_SAFE_INTEGER);
  for (const v of p.vmas.ascending()) removeVma(s, v);
  for (const fd of [...p.fds.keys()].sort((a, b) => a - b)) closeFd(s, p, fd);
  p.alive = false;
  s.event("exit", [procRef(p.pid)], EXIT.id);
}

export function lookupDmaBuf(s: KernelState, p: Process, addr: Addr): ObjRef | null {
  const v = vmaAt(s, p, addr);
  if (!v || v.file === null) return null;
  const f = s.file(v.file);
  if (f.type === "dma-buf") {
    s.event("lookup", [vmaRef(v.id)], f.type);
    return fileRef(f.id);
  }
  const viaOps = s.knobs.getDmabuf ? getDmabufOp(s, v.privGem) : null;
  s.event("lookup", [vmaRef(v.id)], viaOps === null ? f.type : `${f.type}, ${GET_DMABUF.id}`);
  return viaOps === null ? null : fileRef(viaOps);
}

/** The get_dmabuf what-if for a GEM/TTM/mmo VMA: the dma-buf of an import, else the export cache. */
function getDmabufOp(s: KernelState, gemId: number | null): number | null {
  if (gemId === null) return null;
  const g = s.gem(gemId);
  if (g.importAttach !== null) return s.attachment(g.importAttach).dmabuf;
  return g.dmaBuf;
}
