// Processes, their fd tables and open files: opening a device, fd install and
// close, fget/fput with the release that runs when f_count reaches 0, SCM_RIGHTS
// passing. What a file's release does is the owning subsystem's business; this
// file dispatches to it.
import type { Fd, Fail, Pid, Result } from "./api.js";
import { fail, ok, rule } from "./rules.js";
import { type FileType, type KFile, type KernelState, type Process, MMAP_BASE, fileRef, newIds, procRef } from "./state.js";
import { VmaTree } from "./vma-tree.js";
import { drmFileRelease } from "./gem.js";
import { dmaBufRelease } from "./dmabuf.js";
import { uverbsRelease } from "./drivers/rdma.js";
import { vgemFenceClose } from "./drivers/vgem-fence.js";

export const FGET_EBADF = rule("fs.fget-ebadf", "fs/file.c: fget", "all", "an fd that is not open gives EBADF");
export const CLOSE_EBADF = rule("fs.close-ebadf", "fs/open.c: __do_sys_close", "all", "close of an fd that is not open gives EBADF");
export const FPUT_RELEASE = rule(
  "fs.fput-release", "fs/file_table.c: __fput", "all",
  "a file is released (f_op->release) only when its last reference (fd, VMA or kernel) is dropped",
);
export const NO_PROCESS = rule(
  "proc.exited", "kernel/pid.c: find_vpid", "all",
  "an exited process makes no system calls; a step naming it answers ESRCH as a pid lookup does",
);
export const SCM_RIGHTS = rule(
  "net.scm-rights", "net/core/scm.c: scm_detach_fds", "all",
  "a received fd is a new fd in the receiver referring to the same file (+1 f_count)",
);
export const DRM_OPEN = rule(
  "drm.open-mapping", "drivers/gpu/drm/drm_file.c: drm_open_helper", "all",
  "every open of a DRM device gets f_mapping = the device's anon inode mapping",
);

const DEV_MODULE: Record<string, string> = {
  amdgpu: "amdgpu", i915: "i915", vgem: "vgem", panfrost: "panfrost",
  udmabuf: "udmabuf", "dma-heap": "dma_heap", rdma: "ib_uverbs",
};

export function moduleOf(kind: string): string {
  return DEV_MODULE[kind] ?? kind;
}

export function liveProcess(s: KernelState, pid: Pid): Process | Fail {
  const p = s.process(pid);
  if (!p || !p.alive) return fail(NO_PROCESS, "ESRCH", `process ${pid} does not exist or has exited`);
  return p;
}

export function isProcess(p: Process | Fail): p is Process {
  return "pid" in p;
}

export function newFile(s: KernelState, type: FileType, init: Partial<KFile> & { mapping: number; owner: string; origin: string }): KFile {
  const f: KFile = { id: s.files.length + 1, type, f_count: 1, mode: "rw", alive: true, ...init };
  s.files.push(f);
  s.spaceFiles.set(f.mapping, (s.spaceFiles.get(f.mapping) ?? 0) + 1);
  return f;
}

export function addProcess(s: KernelState, name: string, openDevices = true): Pid {
  const pid = s.processes.length + 1;
  const p: Process = {
    pid, name, alive: true, fds: new Map(), fdIds: newIds(3), devFds: new Map(), vmas: new VmaTree(), cursor: MMAP_BASE,
    libdrm: new Map(), memlock: s.traits.mlockLimit, capIpcLock: true, pinnedVm: 0,
  };
  s.processes.push(p);
  if (openDevices) for (const d of s.devices) openDevice(s, p, d.name);
  s.event("process_create", [procRef(pid)], name);
  return pid;
}

function openDevice(s: KernelState, p: Process, devName: string): void {
  const d = s.device(devName);
  if (!d) return;
  const origin = `${d.name},${p.name}`;
  let f: KFile;
  if (d.mapping !== null) {
    f = newFile(s, "drm", {
      mapping: d.mapping, owner: d.module, origin,
      drm: { device: d.name, handles: new Map(), handleIds: newIds(1), prime: new Map(), primeByHandle: new Map(), fences: new Map(), fenceIds: newIds(1) },
    });
  } else {
    f = newFile(s, "misc", { mapping: d.inode, owner: d.module, origin, device: d.name });
  }
  const fd = installFd(p, f.id);
  p.devFds.set(d.name, fd);
}

/** fd_install at the lowest free fd (0-2 are taken); consumes the caller's file reference. */
export function installFd(p: Process, fileId: number): Fd {
  const fd = p.fdIds.alloc();
  p.fds.set(fd, fileId);
  return fd;
}

export function fdFile(s: KernelState, p: Process, fd: Fd): KFile | undefined {
  const id = p.fds.get(fd);
  return id === undefined ? undefined : s.file(id);
}

export function fget(s: KernelState, p: Process, fd: Fd): Result<KFile> {
  const f = fdFile(s, p, fd);
  return f ? ok(f) : fail(FGET_EBADF, "EBADF", `fd ${fd} is not open in ${p.name}`);
}

export function getFile(s: KernelState, id: number): void {
  const f = s.file(id);
  if (!f.alive) {
    s.hazard({ kind: "use-after-free", objects: [fileRef(id)], message: "reference taken on a released file", cite: FPUT_RELEASE.cite });
    return;
  }
  f.f_count++;
}

export function fput(s: KernelState, id: number): void {
  const f = s.file(id);
  if (f.f_count <= 0) {
    s.hazard({ kind: "refcount-underflow", objects: [fileRef(id)], message: "fput on a file with f_count 0", cite: FPUT_RELEASE.cite });
    return;
  }
  f.f_count--;
  if (f.f_count === 0) releaseFile(s, f);
}

function releaseFile(s: KernelState, f: KFile): void {
  s.event("fput_final", [fileRef(f.id)], f.type);
  f.alive = false;
  s.dirty.files.add(f.id);
  const left = (s.spaceFiles.get(f.mapping) ?? 1) - 1;
  if (left > 0) s.spaceFiles.set(f.mapping, left);
  else s.spaceFiles.delete(f.mapping);
  switch (f.type) {
    case "drm":
      drmFileRelease(s, f);
      if (s.device(f.drm!.device)?.kind === "vgem") vgemFenceClose(s, f);
      break;
    case "dma-buf": dmaBufRelease(s, f); break;
    case "misc": if (f.device && s.device(f.device)?.kind === "rdma") uverbsRelease(s, f); break;
    case "anon_inode": {
      const d = f.device ? s.device(f.device) : undefined;
      if (d && d.singleton === f.id) d.singleton = null;
      break;
    }
    case "memfd":
    case "shmem":
    case "sync_file": break;
  }
  const deviceMapping = s.devices.some((d) => d.mapping === f.mapping || d.inode === f.mapping);
  const sp = s.spaces[f.mapping - 1];
  if (sp && !deviceMapping && !s.spaceFiles.has(f.mapping)) sp.alive = false;
}

export function closeFd(s: KernelState, p: Process, fd: Fd): Result<void> {
  const id = p.fds.get(fd);
  if (id === undefined) return fail(CLOSE_EBADF, "EBADF", `fd ${fd} is not open in ${p.name}`);
  p.fds.delete(fd);
  p.fdIds.release(fd);
  for (const [dev, dfd] of p.devFds) if (dfd === fd) p.devFds.delete(dev);
  fput(s, id);
  return ok(undefined);
}

export function sendFd(s: KernelState, from: Process, fd: Fd, to: Process): Result<Fd> {
  const f = fget(s, from, fd);
  if (!f.ok) return f;
  getFile(s, f.value.id);
  const nfd = installFd(to, f.value.id);
  s.event("scm_rights", [fileRef(f.value.id), procRef(to.pid)], `fd ${nfd}`);
  return ok(nfd);
}

/** The drm file (or misc file) a process holds for a device, through its device fd. */
export function deviceFile(s: KernelState, p: Process, dev: string): Result<KFile> {
  const fd = p.devFds.get(dev);
  if (fd === undefined) return fail(FGET_EBADF, "EBADF", `${p.name} has no open fd for ${dev}`);
  return fget(s, p, fd);
}
