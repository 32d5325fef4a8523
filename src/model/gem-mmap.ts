// mmap of GEM objects: drm_gem_mmap (the chardev fake-offset path shared by
// amdgpu, vgem and panfrost), drm_gem_mmap_obj, drm_gem_prime_mmap (mmap of a
// GEM-exported dma-buf fd: the exporter's fake offset is added), and the
// two-step "map-offset ioctl, then mmap of the drm file" that mmapDevice is.
import type { Addr, Handle, MmapOptions, Pid, Result } from "./api.js";
import { fail, rule } from "./rules.js";
import { type Device, type Gem, type KFile, type KernelState, PAGE } from "./state.js";
import { deviceFile, isProcess, liveProcess } from "./files.js";
import { fileHoldsObject } from "./gem.js";
import { driverFor } from "./drivers/index.js";
import type { VmaDraft } from "./mm.js";
import { doMmap } from "./mmap.js";

export const GEM_MMAP_LOOKUP = rule(
  "gem.mmap-lookup", "drivers/gpu/drm/drm_gem.c: drm_gem_mmap", "all",
  "chardev mmap needs an exact fake-offset match (EINVAL otherwise) and a handle to the object in this file (EACCES)",
);
export const GEM_MMAP_OBJ = rule(
  "gem.mmap-obj", "drivers/gpu/drm/drm_gem.c: drm_gem_mmap_obj", "all",
  "a mapping larger than the object gives EINVAL; the VMA takes a GEM reference and vm_private_data = the object",
);
export const PRIME_MMAP = rule(
  "prime.mmap-fake-offset", "drivers/gpu/drm/drm_prime.c: drm_gem_prime_mmap", "all",
  "mmap of a GEM-exported dma-buf adds the exporter's fake offset to vm_pgoff before obj->funcs->mmap",
);
export const LIBDRM_CPU_MAP = rule(
  "libdrm.bo-cpu-map", "libdrm/amdgpu/amdgpu_bo.c: amdgpu_bo_cpu_map", "all",
  "amdgpu_bo_cpu_map maps the BO through GEM_MMAP + mmap and records cpu_ptr in this process's device handle",
);

/** The live GEM object whose fake-offset node starts at `start`, if any. */
export function gemAtNode(s: KernelState, dev: Device, start: number): Gem | undefined {
  const id = dev.nodeGem.get(start);
  const g = id === undefined ? undefined : s.gem(id);
  return g?.alive ? g : undefined;
}

/** drm_gem_mmap + drm_gem_mmap_obj on a draft whose file is the drm file. */
export function drmGemMmap(s: KernelState, dev: Device, file: KFile, d: VmaDraft): Result<void> {
  const start = dev.offsets!.exact(d.pgoff, d.npages);
  const g = start === null ? undefined : gemAtNode(s, dev, start);
  if (!g || g.gemDead) return fail(GEM_MMAP_LOOKUP, "EINVAL", `no object starts at fake offset page 0x${d.pgoff.toString(16)} with room for ${d.npages} pages`);
  if (!fileHoldsObject(s, file, g.id)) return fail(GEM_MMAP_LOOKUP, "EACCES", "this drm file holds no handle to the object");
  if (d.npages * PAGE > g.size) return fail(GEM_MMAP_OBJ, "EINVAL", "mapping larger than the object");
  d.priv = "gem";
  d.privGem = g.id;
  d.hold = "gem";
  return driverFor(dev.kind).objectMmap(s, g, d);
}

/** drm_gem_prime_mmap: the dma-buf fd path of GEM exporters. */
export function drmGemPrimeMmap(s: KernelState, g: Gem, d: VmaDraft): Result<void> {
  if (!d.keepPgoff) d.pgoff += g.nodeStart ?? 0;
  d.priv = "gem";
  d.privGem = g.id;
  d.hold = "gem";
  const dev = s.device(g.device)!;
  return driverFor(dev.kind).objectMmap(s, g, d);
}

/**
 * The map-offset ioctl in the holder's drm file, then mmap() of the acting
 * process's drm file at that offset (plus `opts.offset`, for `opts.len`
 * bytes, with `opts.prot`/`opts.shared`; default: the whole object, shared,
 * read-write — what libdrm's amdgpu_bo_cpu_map does).
 */
export function mmapDevice(s: KernelState, pid: Pid, devName: string, holderPid: Pid, handle: Handle, opts: MmapOptions = {}): Result<Addr> {
  const holder = liveProcess(s, holderPid);
  if (!isProcess(holder)) return holder;
  const p = liveProcess(s, pid);
  if (!isProcess(p)) return p;
  const dev = s.device(devName);
  const hf = deviceFile(s, holder, devName);
  if (!hf.ok) return hf;
  if (!dev || !hf.value.drm) return fail(GEM_MMAP_LOOKUP, "EINVAL", `${devName} is not a DRM device`);
  const drv = driverFor(dev.kind);
  const off = drv.mapOffset(s, dev, hf.value, handle);
  if (!off.ok) return off;
  const gemId = hf.value.drm.handles.get(handle)!;
  const g = s.gem(gemId);
  const pf = deviceFile(s, p, devName);
  if (!pf.ok) return pf;
  const fd = p.devFds.get(devName)!;
  const within = opts.offset ?? 0;
  const mo: MmapOptions = { offset: off.value * PAGE + within, len: opts.len ?? g.size - within };
  if (opts.prot) mo.prot = opts.prot;
  if (opts.shared !== undefined) mo.shared = opts.shared;
  const r = doMmap(s, p, fd, mo);
  if (!r.ok) return r;
  const libdrmShape = within === 0 && opts.len === undefined && opts.prot?.write !== false && opts.shared !== false;
  if (dev.kind === "amdgpu" && pid === holderPid && libdrmShape) recordCpuMap(s, pid, devName, handle, g, r.value);
  return r;
}

function recordCpuMap(s: KernelState, pid: Pid, dev: string, handle: Handle, g: Gem, addr: Addr): void {
  const p = s.process(pid)!;
  let t = p.libdrm.get(dev);
  if (!t) p.libdrm.set(dev, (t = new Map()));
  if (!t.get(handle) || t.get(handle)!.gem !== g.id) t.set(handle, { gem: g.id, cpuPtr: addr, size: g.size });
}
