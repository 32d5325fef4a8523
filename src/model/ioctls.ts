// Device ioctls issued by a process: resolving the process, the device and
// its open file, then calling the driver policy (GEM create/close, PRIME,
// userptr, use, RDMA MRs, udmabuf, dma-heap) and libdrm's find-bo lookup.
import type { Addr, AmdgpuUserptrFlags, Fail, Fd, Handle, I915UserptrFlags, MrId, ObjRef, Pid, Result } from "./api.js";
import { fail, ok, rule } from "./rules.js";
import { type Device, type KFile, type KernelState, type Process, gemRef } from "./state.js";
import { FGET_EBADF, deviceFile, isProcess, liveProcess } from "./files.js";
import { gemPut, handleCreate, handleDelete, lookupHandle } from "./gem.js";
import { driverFor, isDrm } from "./drivers/index.js";
import { primeFdToHandle, primeHandleToFd } from "./prime.js";
import { amdgpuUserptr } from "./drivers/amdgpu-userptr.js";
import { i915Userptr } from "./drivers/i915-userptr.js";
import { AMD_CS } from "./drivers/amdgpu.js";
import { I915_EXEC_LOOKUP } from "./drivers/i915.js";
import { NO_CS } from "./drivers/vgem.js";
import { rdmaDeregMr, rdmaRegMr } from "./drivers/rdma.js";
import { rdmaRegDmabufMr } from "./drivers/rdma-dmabuf.js";
import { vgemFenceAttach, vgemFenceSignal } from "./drivers/vgem-fence.js";
import { udmabufCreate } from "./drivers/udmabuf.js";
import { heapAlloc } from "./drivers/heap.js";

export const WRONG_DEVICE = rule(
  "drm.ioctl-wrong-device", "drivers/gpu/drm/drm_ioctl.c: drm_ioctl", "all",
  "an ioctl number the device's driver does not define gives EINVAL (ENOTTY for non-DRM files)",
);
export const OBJECTS_LOOKUP = rule(
  "gem.objects-lookup", "drivers/gpu/drm/drm_gem.c: drm_gem_objects_lookup", "all", "a submit naming an unknown handle gives ENOENT",
);
export const LIBDRM_FIND = rule(
  "libdrm.find-bo", "libdrm/amdgpu/amdgpu_bo.c: amdgpu_find_bo_by_cpu_mapping", "all",
  "NULL or size 0 gives EINVAL; only BOs this process mapped with amdgpu_bo_cpu_map match (cpu_ptr <= addr < cpu_ptr+size, size <= BO size); else ENXIO",
);

interface Ctx {
  p: Process;
  dev: Device;
  file: KFile;
}

function ctx(s: KernelState, pid: Pid, devName: string, kinds?: string[]): Ctx | Fail {
  const p = liveProcess(s, pid);
  if (!isProcess(p)) return p;
  const dev = s.device(devName);
  if (!dev) return fail(FGET_EBADF, "EBADF", `no device ${devName}`);
  const f = deviceFile(s, p, devName);
  if (!f.ok) return f;
  if (kinds && !kinds.includes(dev.kind)) {
    return fail(WRONG_DEVICE, isDrm(dev.kind) ? "EINVAL" : "ENOTTY", `${dev.kind} has no such ioctl`);
  }
  return { p, dev, file: f.value };
}

const isCtx = (c: Ctx | Fail): c is Ctx => "dev" in c;
const DRM = ["amdgpu", "i915", "vgem", "panfrost"];

export function gemCreate(s: KernelState, pid: Pid, dev: string, size: number, domain?: string): Result<Handle> {
  const c = ctx(s, pid, dev, DRM);
  if (!isCtx(c)) return c;
  const g = driverFor(c.dev.kind).create(s, c.dev, size, domain);
  if (!g.ok) return g;
  const h = handleCreate(s, c.file, g.value.id);
  gemPut(s, g.value.id);
  return ok(h);
}

export function gemClose(s: KernelState, pid: Pid, dev: string, handle: Handle): Result<void> {
  const c = ctx(s, pid, dev, DRM);
  return isCtx(c) ? handleDelete(s, c.file, handle) : c;
}

export const H2FD_FLAGS = rule(
  "prime.handle-to-fd-flags", "drivers/gpu/drm/drm_prime.c: drm_prime_handle_to_fd_ioctl", "all",
  "HANDLE_TO_FD with a flag bit other than DRM_CLOEXEC and DRM_RDWR gives EINVAL, before the handle is looked up",
);

export function handleToFd(s: KernelState, pid: Pid, dev: string, handle: Handle, readonly: boolean, undefinedFlags = false): Result<Fd> {
  const c = ctx(s, pid, dev, DRM);
  if (!isCtx(c)) return c;
  if (undefinedFlags) return fail(H2FD_FLAGS, "EINVAL", "a flag bit other than DRM_CLOEXEC and DRM_RDWR");
  return primeHandleToFd(s, c.p, c.dev, c.file, handle, readonly);
}

export function fdToHandle(s: KernelState, pid: Pid, dev: string, fd: Fd): Result<Handle> {
  const c = ctx(s, pid, dev, DRM);
  return isCtx(c) ? primeFdToHandle(s, c.p, c.dev, c.file, fd) : c;
}

export function userptrAmd(s: KernelState, pid: Pid, dev: string, addr: Addr, size: number, flags: AmdgpuUserptrFlags): Result<Handle> {
  const c = ctx(s, pid, dev, ["amdgpu"]);
  return isCtx(c) ? amdgpuUserptr(s, c.p, c.dev, c.file, addr, size, flags) : c;
}

export function userptrI915(s: KernelState, pid: Pid, dev: string, addr: Addr, size: number, flags: I915UserptrFlags): Result<Handle> {
  const c = ctx(s, pid, dev, ["i915"]);
  return isCtx(c) ? i915Userptr(s, c.p, c.dev, c.file, addr, size, flags) : c;
}

export function gpuUse(s: KernelState, pid: Pid, dev: string, handle: Handle): Result<void> {
  const c = ctx(s, pid, dev, DRM);
  if (!isCtx(c)) return c;
  if (c.dev.kind === "vgem") return fail(NO_CS, "EINVAL", "vgem has no command submission");
  const id = lookupHandle(c.file, handle);
  if (id === undefined) {
    const r = c.dev.kind === "amdgpu" ? AMD_CS : c.dev.kind === "i915" ? I915_EXEC_LOOKUP : OBJECTS_LOOKUP;
    return fail(r, "ENOENT", `handle ${handle} not found`);
  }
  return driverFor(c.dev.kind).use(s, c.p, s.gem(id));
}

/** The GEM object behind a handle of this file, or the driver's lookup failure. */
function objectOf(c: Ctx, handle: Handle): Result<number> {
  const id = lookupHandle(c.file, handle);
  return id === undefined ? fail(OBJECTS_LOOKUP, "ENOENT", `handle ${handle} not found`) : ok(id);
}

/** Kernel-internal steps on a BO (`evict`, GPU `pin`/`unpin`), named by the handle the acting process holds. */
export function boStep(s: KernelState, pid: Pid, dev: string, handle: Handle, step: "evict" | "pin" | "unpin", arg?: string): Result<void> {
  const c = ctx(s, pid, dev, DRM);
  if (!isCtx(c)) return c;
  const drv = driverFor(c.dev.kind);
  const op = drv[step];
  if (!op) return fail(WRONG_DEVICE, "EINVAL", `${c.dev.kind} has no ${step} path in the model`);
  const id = objectOf(c, handle);
  if (!id.ok) return id;
  const g = s.gem(id.value);
  return step === "unpin" ? drv.unpin!(s, g) : op.call(drv, s, g, arg);
}

export function fenceAttach(s: KernelState, pid: Pid, dev: string, handle: Handle, write: boolean): Result<number> {
  const c = ctx(s, pid, dev, ["vgem"]);
  return isCtx(c) ? vgemFenceAttach(s, c.file, handle, write) : c;
}

export function fenceSignal(s: KernelState, pid: Pid, dev: string, fence: number): Result<void> {
  const c = ctx(s, pid, dev, ["vgem"]);
  return isCtx(c) ? vgemFenceSignal(s, c.file, fence) : c;
}

export function regDmabufMr(s: KernelState, pid: Pid, dev: string, fd: Fd, offset: number, len: number | undefined, dynamic: boolean): Result<MrId> {
  const c = ctx(s, pid, dev, ["rdma"]);
  return isCtx(c) ? rdmaRegDmabufMr(s, c.p, c.file, fd, offset, len, dynamic) : c;
}

export function regMr(s: KernelState, pid: Pid, dev: string, addr: Addr, len: number, write: boolean): Result<MrId> {
  const c = ctx(s, pid, dev, ["rdma"]);
  return isCtx(c) ? rdmaRegMr(s, c.p, c.file, addr, len, write) : c;
}

export function deregMr(s: KernelState, pid: Pid, dev: string, mr: MrId): Result<void> {
  const c = ctx(s, pid, dev, ["rdma"]);
  return isCtx(c) ? rdmaDeregMr(s, c.file, mr) : c;
}

export function createUdmabuf(s: KernelState, pid: Pid, dev: string, memfd: ObjRef, offset: number, size: number, undefinedFlags = false): Result<Fd> {
  const c = ctx(s, pid, dev, ["udmabuf"]);
  return isCtx(c) ? udmabufCreate(s, c.p, memfd, offset, size, undefinedFlags) : c;
}

export const HEAP_ALLOC_FLAGS = rule(
  "heap.alloc-flags", "drivers/dma-buf/dma-heap.c: dma_heap_ioctl_allocate", "all",
  "an fd_flags bit outside O_CLOEXEC and O_ACCMODE, or any heap_flags bit (the uapi defines none), gives EINVAL before the length is looked at",
);

export function allocHeap(s: KernelState, pid: Pid, dev: string, len: number, mode: "rw" | "ro", bad: { fdFlags?: boolean; heapFlags?: boolean } = {}): Result<Fd> {
  const c = ctx(s, pid, dev, ["dma-heap"]);
  if (!isCtx(c)) return c;
  if (bad.fdFlags) return fail(HEAP_ALLOC_FLAGS, "EINVAL", "an fd_flags bit outside O_CLOEXEC and O_ACCMODE");
  if (bad.heapFlags) return fail(HEAP_ALLOC_FLAGS, "EINVAL", "a heap_flags bit (none is defined)");
  return heapAlloc(s, c.p, len, mode);
}

export function findBo(s: KernelState, pid: Pid, dev: string, addr: Addr, size: number): Result<Handle> {
  const c = ctx(s, pid, dev, ["amdgpu"]);
  if (!isCtx(c)) return c;
  if (addr === 0 || size === 0) return fail(LIBDRM_FIND, "EINVAL", "NULL pointer or size 0");
  const table = c.p.libdrm.get(dev);
  for (const [h, bo] of [...(table ?? [])].sort((a, b) => a[0] - b[0])) {
    if (lookupHandle(c.file, h) !== bo.gem || !s.gem(bo.gem).alive) continue;
    if (size <= bo.size && bo.cpuPtr <= addr && addr < bo.cpuPtr + bo.size) {
      s.event("find_bo", [gemRef(bo.gem)], `offset ${addr - bo.cpuPtr}`);
      return ok(h);
    }
  }
  return fail(LIBDRM_FIND, "ENXIO", "no BO of this device handle was mapped by amdgpu_bo_cpu_map at that address");
}

