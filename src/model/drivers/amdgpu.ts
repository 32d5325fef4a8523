// amdgpu as a policy: a discrete GPU whose BOs are TTM objects (VRAM or GTT),
// exported with pin-capable (dynamic) dma-buf ops, importing dynamically, with
// the GEM_MMAP offset ioctl and TTM mmap/fault. Userptr lives in
// amdgpu-userptr.ts.
import type { Result } from "../api.js";
import { fail, ok, rule } from "../rules.js";
import { type Device, type Gem, type KFile, type KernelState, type Process, PAGE, fileRef, gemRef, pagesOf } from "../state.js";
import { getFile } from "../files.js";
import { fileHoldsObject, gemGet, gemPut, lookupHandle, newGem } from "../gem.js";
import { dmaBufExport } from "../dmabuf.js";
import { dmaBufAttach, dmaBufMapAttachment } from "../attach.js";
import { drmGemMmap } from "../gem-mmap.js";
import type { VmaDraft } from "../mm.js";
import { DRM_MM_EMPTY } from "../offsets.js";
import { ttmMmapObj, ttmPut } from "./ttm.js";
import { amdgpuUserptrUse, amdgpuUserptrUnregister } from "./amdgpu-userptr.js";
import { amdgpuEvict, amdgpuPinStep, amdgpuUnpinStep } from "./amdgpu-placement.js";
import type { DrmDriver } from "./types.js";

export const AMD_CREATE = rule(
  "amdgpu.gem-create", "drivers/gpu/drm/amd/amdgpu/amdgpu_gem.c: amdgpu_gem_create_ioctl", "all",
  "GEM_CREATE makes a TTM BO in the requested domain (default GTT) with its fake offset allocated at init",
);
export const AMD_EXPORT_VETO = rule(
  "amdgpu.export-userptr", "drivers/gpu/drm/amd/amdgpu/amdgpu_dma_buf.c: amdgpu_gem_prime_export", "all",
  "exporting a userptr BO gives EPERM; other BOs are exported with amdgpu's pin-capable dma-buf ops",
);
export const GEM_DMABUF_EXPORT = rule(
  "prime.gem-dmabuf-export", "drivers/gpu/drm/drm_prime.c: drm_gem_dmabuf_export", "all",
  "a GEM export takes a GEM reference and points the dma-buf file's f_mapping at the device mapping; owner = the driver module, exp_name drm",
);
export const AMD_IMPORT = rule(
  "amdgpu.prime-import", "drivers/gpu/drm/amd/amdgpu/amdgpu_dma_buf.c: amdgpu_gem_prime_import", "all",
  "a foreign dma-buf becomes an SG BO in the CPU domain with a dynamic attachment and a dma-buf reference",
);
export const AMD_MMAP_OFFSET = rule(
  "amdgpu.gem-mmap", "drivers/gpu/drm/amd/amdgpu/amdgpu_gem.c: amdgpu_mode_dumb_mmap", "all",
  "GEM_MMAP: unknown handle ENOENT, userptr BO EPERM, otherwise the BO's fake offset (imports included)",
);
export const AMD_OBJ_MMAP = rule(
  "amdgpu.object-mmap", "drivers/gpu/drm/amd/amdgpu/amdgpu_gem.c: amdgpu_gem_object_mmap", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "mmap of a userptr BO gives EPERM; a private PROT_NONE mapping loses MAYWRITE before TTM's COW check",
);
export const AMD_BO_DESTROY = rule(
  "amdgpu.bo-destroy", "drivers/gpu/drm/amd/amdgpu/amdgpu_object.c: amdgpu_bo_destroy", "all",
  "an imported BO is detached from its dma-buf only when the TTM BO itself is destroyed",
);
export const AMD_OBJ_FREE = rule(
  "amdgpu.gem-free", "drivers/gpu/drm/amd/amdgpu/amdgpu_gem.c: amdgpu_gem_object_free", "all",
  "GEM free unregisters a userptr notifier and drops the GEM's TTM reference",
);
export const AMD_CS = rule(
  "amdgpu.cs-lookup", "drivers/gpu/drm/amd/amdgpu/amdgpu_bo_list.c: amdgpu_bo_list_create", "all",
  "a command submission naming an unknown handle gives ENOENT",
);
export const AMD_TTM_MMAP = rule(
  "amdgpu.ttm-bo-mmap", "drivers/gpu/drm/ttm/ttm_bo_vm.c: ttm_bo_mmap", ["linux-5.10"],
  "5.10 chardev mmap: a fake offset inside no BO gives EINVAL (non-exact lookup); amdgpu_verify_access refuses a userptr BO (EPERM) and a file without a handle (EACCES)",
);

export function newTtmBo(s: KernelState, dev: Device, size: number, domain: string, init: Partial<Gem> = {}): Result<Gem> {
  const start = dev.offsets!.add(pagesOf(size));
  if (start === null) return fail(DRM_MM_EMPTY, "ENOSPC", "a zero-page BO gets no fake offset");
  const g = newGem(s, dev.name, pagesOf(size) * PAGE, { ttmRefs: 1, nodeStart: start, domain, preferred: domain, ...init });
  dev.nodeGem.set(start, g.id);
  s.event("bo_create", [gemRef(g.id)], `${domain} ${g.size} bytes`);
  return ok(g);
}

/** AMDGPU_GEM_DOMAIN_CPU is TTM's system placement: the model calls it "cpu" ("system" is accepted for it). */
function create(s: KernelState, dev: Device, size: number, domain: string | undefined): Result<Gem> {
  return newTtmBo(s, dev, size, domain === undefined ? "gtt" : domain === "system" ? "cpu" : domain);
}

function exportBo(s: KernelState, dev: Device, g: Gem, mode: "rw" | "ro", origin: string): Result<KFile> {
  if (g.userptr) return fail(AMD_EXPORT_VETO, "EPERM", "a userptr BO cannot be exported");
  const f = dmaBufExport(s, {
    size: g.size, expName: "drm", dynamic: true, mmap: "gem-prime", priv: { kind: "gem", gem: g.id },
    exporter: dev.name, owner: dev.module, mode, mapping: dev.mapping!, origin,
  });
  gemGet(s, g.id);
  return ok(f);
}

function importForeign(s: KernelState, dev: Device, buf: KFile): Result<Gem> {
  const bo = newTtmBo(s, dev, buf.dmabuf!.size, "cpu");
  if (!bo.ok) return bo;
  const att = dmaBufAttach(s, buf.id, { importer: dev.name, kind: "prime", dynamic: true, allowP2p: true });
  if (!att.ok) {
    gemPut(s, bo.value.id);
    return att;
  }
  getFile(s, buf.id);
  bo.value.importAttach = att.value;
  s.attachment(att.value).importerGem = bo.value.id;
  s.event("prime_import", [fileRef(buf.id), gemRef(bo.value.id)], AMD_IMPORT.id);
  return bo;
}

function mapOffset(s: KernelState, _dev: Device, file: KFile, handle: number): Result<number> {
  const id = lookupHandle(file, handle);
  if (id === undefined) return fail(AMD_MMAP_OFFSET, "ENOENT", `handle ${handle} not found`);
  const g = s.gem(id);
  if (g.userptr) return fail(AMD_MMAP_OFFSET, "EPERM", "a userptr BO has no CPU mapping");
  return ok(g.nodeStart!);
}

function objectMmap(s: KernelState, g: Gem, d: VmaDraft): Result<void> {
  if (g.userptr) return fail(AMD_OBJ_MMAP, "EPERM", "a userptr BO cannot be mmapped");
  if (d.flags.has("MAYWRITE") && !d.flags.has("SHARED") && !d.flags.has("READ") && !d.flags.has("WRITE") && !d.flags.has("EXEC")) {
    d.flags.delete("MAYWRITE");
  }
  return ttmMmapObj(s, g, d, "amdgpu");
}

/** 5.10: amdgpu_mmap -> ttm_bo_mmap (non-exact lookup, verify_access); 6.1+: drm_gem_mmap. */
function chardevMmap(s: KernelState, dev: Device, file: KFile, d: VmaDraft): Result<void> {
  if (s.traits.ttmExactLookup) return drmGemMmap(s, dev, file, d);
  const node = dev.offsets!.containing(d.pgoff, d.npages);
  const id = node === null ? undefined : dev.nodeGem.get(node);
  const g = id === undefined ? undefined : s.gem(id);
  if (!g || g.gemDead) return fail(AMD_TTM_MMAP, "EINVAL", "no BO covers the fake offset range");
  if (g.userptr) return fail(AMD_TTM_MMAP, "EPERM", "amdgpu_verify_access: a userptr BO");
  if (!fileHoldsObject(s, file, g.id)) return fail(AMD_TTM_MMAP, "EACCES", "amdgpu_verify_access: this drm file holds no handle to the BO");
  return ttmMmapObj(s, g, d, "amdgpu");
}

function free(s: KernelState, g: Gem): void {
  if (g.userptr) amdgpuUserptrUnregister(s, g);
  s.event("gem_release", [gemRef(g.id)], AMD_OBJ_FREE.id);
  ttmPut(s, g.id);
}

function use(s: KernelState, _p: Process, g: Gem): Result<void> {
  if (g.userptr) return amdgpuUserptrUse(s, _p, g);
  if (g.importAttach !== null) {
    const r = dmaBufMapAttachment(s, g.importAttach);
    if (!r.ok) return r;
    if (g.domain === "cpu") g.domain = "gtt";
  }
  s.event("cs", [gemRef(g.id)], "amdgpu");
  return ok(undefined);
}

export const amdgpu: DrmDriver = {
  kind: "amdgpu", create, export: exportBo, importForeign, mapOffset, chardevMmap, objectMmap, free, use,
  evict: (s, g, to) => amdgpuEvict(s, g, to === "system" ? "cpu" : to),
  pin: (s, g, domain) => amdgpuPinStep(s, g, domain === "system" ? "cpu" : domain),
  unpin: amdgpuUnpinStep,
};
