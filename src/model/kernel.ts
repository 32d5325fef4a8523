// The Kernel: the model's public façade. Each method is one system call or
// ioctl and delegates to the module that owns the concept; failures come
// back as values carrying the rule's citation. The state and the queries of
// it are KernelView's (kernel-view.ts).
import type {
  Addr, AmdgpuUserptrFlags, DeviceKind, Fd, Handle, I915UserptrFlags, MmapOptions, MrId, ObjRef, Pid, PinOptions, Result,
} from "./api.js";
import { ok } from "./rules.js";
import { vmaRef } from "./state.js";
import { KernelView } from "./kernel-view.js";
import { OffsetManager } from "./offsets.js";
import { addProcess, closeFd, isProcess, liveProcess, moduleOf, sendFd } from "./files.js";
import { isDrm } from "./drivers/index.js";
import { munmap, unmapMappingRange } from "./mm.js";
import { doMmap } from "./mmap.js";
import { mmapDevice } from "./gem-mmap.js";
import { touch } from "./fault.js";
import * as sys from "./syscalls.js";
import * as io from "./ioctls.js";
import { type FdOp, dmaBufOfFd, fdOp } from "./syscalls-fd.js";
import { type MmOp, mmOp } from "./syscalls-mm.js";
import { checkAll, checkInvariants, checkLeakedPins } from "./hazards.js";
import { dropCapIpcLock, setrlimitMemlock } from "./memlock.js";

export type { KernelOptions } from "./kernel-view.js";
export type Seal = "shrink" | "grow" | "write" | "seal";

export class Kernel extends KernelView {
  // --- setup -------------------------------------------------------------

  addDevice(name: string, kind: DeviceKind): void {
    const drm = isDrm(kind);
    this.s.devices.push({
      name, kind, module: moduleOf(kind), mapping: drm ? this.s.newSpace(name) : null,
      inode: this.s.newSpace(`${name}-node`), offsets: drm ? new OffsetManager() : null, nodeGem: new Map(), singleton: null,
    });
  }

  addProcess(name: string): Pid {
    return addProcess(this.s, name);
  }

  // --- GPU ioctls ----------------------------------------------------------

  gemCreate(pid: Pid, dev: string, size: number, domain?: "vram" | "gtt" | "system"): Result<Handle> {
    return io.gemCreate(this.s, pid, dev, size, domain);
  }

  gemClose(pid: Pid, dev: string, handle: Handle): Result<void> {
    return io.gemClose(this.s, pid, dev, handle);
  }

  /** `undefinedFlags`: a flag bit PRIME_HANDLE_TO_FD does not define. */
  primeHandleToFd(pid: Pid, dev: string, handle: Handle, opts: { readonly?: boolean; undefinedFlags?: boolean } = {}): Result<Fd> {
    return io.handleToFd(this.s, pid, dev, handle, !!opts.readonly, !!opts.undefinedFlags);
  }

  primeFdToHandle(pid: Pid, dev: string, fd: Fd): Result<Handle> {
    return io.fdToHandle(this.s, pid, dev, fd);
  }

  amdgpuUserptr(pid: Pid, dev: string, addr: Addr, size: number, flags: AmdgpuUserptrFlags): Result<Handle> {
    return io.userptrAmd(this.s, pid, dev, addr, size, flags);
  }

  i915Userptr(pid: Pid, dev: string, addr: Addr, size: number, flags: I915UserptrFlags): Result<Handle> {
    return io.userptrI915(this.s, pid, dev, addr, size, flags);
  }

  gpuUse(pid: Pid, dev: string, handle: Handle): Result<void> {
    return io.gpuUse(this.s, pid, dev, handle);
  }

  findBo(pid: Pid, dev: string, addr: Addr, size: number): Result<Handle> {
    return io.findBo(this.s, pid, dev, addr, size);
  }

  /** `evict B [to D]`: a TTM move (amdgpu) or GPU unbind (i915), kernel-internal. */
  evict(pid: Pid, dev: string, handle: Handle, to?: "vram" | "gtt" | "system"): Result<void> {
    return io.boStep(this.s, pid, dev, handle, "evict", to);
  }

  /** GPU `pin B [domain D]` (amdgpu_bo_pin), kernel-internal. */
  gpuPin(pid: Pid, dev: string, handle: Handle, domain?: "vram" | "gtt" | "system"): Result<void> {
    return io.boStep(this.s, pid, dev, handle, "pin", domain);
  }

  gpuUnpin(pid: Pid, dev: string, handle: Handle): Result<void> {
    return io.boStep(this.s, pid, dev, handle, "unpin");
  }

  vgemFenceAttach(pid: Pid, dev: string, handle: Handle, opts: { write?: boolean } = {}): Result<number> {
    return io.fenceAttach(this.s, pid, dev, handle, !!opts.write);
  }

  vgemFenceSignal(pid: Pid, dev: string, fence: number): Result<void> {
    return io.fenceSignal(this.s, pid, dev, fence);
  }

  /** ibv_reg_dmabuf_mr: pinned by default, `dynamic` for the mlx5-style MR. */
  rdmaRegDmabufMr(pid: Pid, dev: string, fd: Fd, opts: { offset?: number; len?: number; dynamic?: boolean } = {}): Result<MrId> {
    return io.regDmabufMr(this.s, pid, dev, fd, opts.offset ?? 0, opts.len, !!opts.dynamic);
  }

  rdmaRegMr(pid: Pid, dev: string, addr: Addr, len: number, access: { write?: boolean } = {}): Result<MrId> {
    return io.regMr(this.s, pid, dev, addr, len, access.write ?? true);
  }

  rdmaDeregMr(pid: Pid, dev: string, mr: MrId): Result<void> {
    return io.deregMr(this.s, pid, dev, mr);
  }

  /** `undefinedFlags`: a flag bit UDMABUF_CREATE does not define. */
  udmabufCreate(pid: Pid, dev: string, memfdFile: ObjRef, offset: number, size: number, opts: { undefinedFlags?: boolean } = {}): Result<Fd> {
    return io.createUdmabuf(this.s, pid, dev, memfdFile, offset, size, !!opts.undefinedFlags);
  }

  /** `undefinedFdFlags`, `heapFlags`: an fd_flags bit the ioctl does not define, a non-zero heap_flags. */
  heapAlloc(pid: Pid, dev: string, len: number, opts: { fdFlags?: "rdwr" | "rdonly"; undefinedFdFlags?: boolean; heapFlags?: boolean } = {}): Result<Fd> {
    return io.allocHeap(this.s, pid, dev, len, opts.fdFlags === "rdonly" ? "ro" : "rw", { fdFlags: !!opts.undefinedFdFlags, heapFlags: !!opts.heapFlags });
  }

  // --- process system calls ------------------------------------------------

  mmapFd(pid: Pid, fd: Fd, opts: MmapOptions = {}): Result<Addr> {
    const p = liveProcess(this.s, pid);
    return isProcess(p) ? doMmap(this.s, p, fd, opts) : p;
  }

  mmapDevice(pid: Pid, dev: string, holderPid: Pid, handle: Handle, opts: MmapOptions = {}): Result<Addr> {
    return mmapDevice(this.s, pid, dev, holderPid, handle, opts);
  }

  anon(pid: Pid, size: number, opts: { write?: boolean } = {}): Result<Addr> {
    const p = liveProcess(this.s, pid);
    return isProcess(p) ? sys.anon(this.s, p, size, opts.write ?? true) : p;
  }

  memfd(pid: Pid, size: number, seals: Seal[] = []): Result<Addr> {
    const p = liveProcess(this.s, pid);
    return isProcess(p) ? sys.memfd(this.s, p, size, seals) : p;
  }

  touch(pid: Pid, addr: Addr, page: number, write: boolean): Result<void> {
    const p = liveProcess(this.s, pid);
    return isProcess(p) ? touch(this.s, p, addr, page, write) : p;
  }

  pin(pid: Pid, addr: Addr, len: number, opts: PinOptions = {}): Result<void> {
    const p = liveProcess(this.s, pid);
    return isProcess(p) ? sys.pinProbe(this.s, p, addr, len, opts, true) : p;
  }

  gup(pid: Pid, addr: Addr, len: number, opts: { write?: boolean } = {}): Result<void> {
    const p = liveProcess(this.s, pid);
    return isProcess(p) ? sys.pinProbe(this.s, p, addr, len, { write: opts.write ?? true }, false) : p;
  }

  lookup(pid: Pid, addr: Addr): Result<ObjRef | null> {
    const p = liveProcess(this.s, pid);
    return isProcess(p) ? ok(sys.lookupDmaBuf(this.s, p, addr)) : p;
  }

  munmap(pid: Pid, addr: Addr, len?: number): Result<void> {
    const p = liveProcess(this.s, pid);
    return isProcess(p) ? munmap(this.s, p, addr, len) : p;
  }

  close(pid: Pid, fd: Fd): Result<void> {
    const p = liveProcess(this.s, pid);
    return isProcess(p) ? closeFd(this.s, p, fd) : p;
  }

  closeDevice(pid: Pid, dev: string): Result<void> {
    const p = liveProcess(this.s, pid);
    if (!isProcess(p)) return p;
    const fd = p.devFds.get(dev) ?? -1;
    p.libdrm.delete(dev);
    return closeFd(this.s, p, fd);
  }

  fork(pid: Pid, name: string): Result<Pid> {
    const p = liveProcess(this.s, pid);
    return isProcess(p) ? ok(sys.fork(this.s, p, name)) : p;
  }

  exit(pid: Pid): Result<void> {
    const p = liveProcess(this.s, pid);
    if (!isProcess(p)) return p;
    sys.exit(this.s, p);
    return ok(undefined);
  }

  send(pid: Pid, fd: Fd, toPid: Pid): Result<Fd> {
    const p = liveProcess(this.s, pid);
    if (!isProcess(p)) return p;
    const to = liveProcess(this.s, toPid);
    return isProcess(to) ? sendFd(this.s, p, fd, to) : to;
  }

  /** lseek, read, DMA_BUF_IOCTL_SYNC, DMA_BUF_SET_NAME or EXPORT/IMPORT_SYNC_FILE on a dma-buf fd; `not-dma-buf` when the fd names another file. */
  dmaBufFdOp(pid: Pid, fd: Fd, op: FdOp): Result<number> | "not-dma-buf" {
    const p = liveProcess(this.s, pid);
    if (!isProcess(p)) return p;
    const f = dmaBufOfFd(this.s, p, fd);
    if (!f.ok) return f;
    return f.value ? fdOp(this.s, p, f.value, op) : "not-dma-buf";
  }

  /** madvise, mremap, mlock, futex wake, a /proc/self/mem read, or ftruncate of the memfd behind the mapping (memfdOfVma). */
  mmOp(pid: Pid, addr: Addr, op: MmOp): Result<void> {
    const p = liveProcess(this.s, pid);
    return isProcess(p) ? mmOp(this.s, p, addr, op) : p;
  }

  /** setrlimit(RLIMIT_MEMLOCK, bytes), or capset dropping CAP_IPC_LOCK. */
  memlock(pid: Pid, op: { op: "setrlimit"; bytes: number } | { op: "drop-ipc-lock" }): Result<void> {
    const p = liveProcess(this.s, pid);
    if (!isProcess(p)) return p;
    return op.op === "setrlimit" ? setrlimitMemlock(this.s, p, op.bytes) : dropCapIpcLock(this.s, p);
  }

  // --- kernel-internal -------------------------------------------------------

  /** unmap_mapping_range on an address_space; returns the VMAs it zapped. */
  unmapMappingRange(mapping: ObjRef, firstPage: number, nPages: number): ObjRef[] {
    if (mapping.kind !== "mapping") return [];
    return unmapMappingRange(this.s, mapping.id, firstPage, nPages).map(vmaRef);
  }

  // --- steps, state, results -------------------------------------------------

  beginStep(index: number): void {
    this.s.step = index;
    this.s.refusal = undefined;
  }

  endStep(): void {
    checkInvariants(this.s);
  }

  finish(): void {
    checkInvariants(this.s);
    checkAll(this.s);
    checkLeakedPins(this.s);
  }

}
