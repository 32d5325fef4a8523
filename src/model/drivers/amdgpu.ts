// amdgpu as a policy: a discrete GPU whose BOs are TTM objects (VRAM or GTT),
// exported with pin-capable (dynamic) dma-buf ops, importing dynamically, with
// the GEM_MMAP offset ioctl and TTM mmap/fault. Userptr lives in
// amdgpu-userptr.ts.
import type { Result } from "../api.js";
import { fail, ok, rule } from "../rules.js";
import { type Device, type Gem, type KFile, type KernelState, type Process, PAGE, fileRef, gemRef, pagesOf } from "../state.js";
import { getFile } from "../files.js";
import { gemGet, gemPut, lookupHandle, newGem } from "../gem.js";
import { dmaBufAttach, dmaBufExport, dmaBufMapAttachment } from "../dmabuf.js";
import { drmGemMmap } from "../gem-mmap.js";
import { DRM_MM_EMPTY } from "../offsets.js";
import { ttmMmapObj, ttmMove, ttmPut } from "./ttm.js";
import { amdgpuUserptrUse, amdgpuUserptrUnregister } from "./amdgpu-userptr.js";
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
  "amdgpu.object-mmap", "drivers/gpu/drm/amd/amdgpu/amdgpu_gem.c: amdgpu_gem_object_mmap", "all",
  "mmap of a userptr BO gives EPERM; a private PROT_NONE mapping loses MAYWRITE before TTM's COW check",
);
export const AMD_PIN = rule(
  "amdgpu.dma-buf-pin", "drivers/gpu/drm/amd/amdgpu/amdgpu_dma_buf.c: amdgpu_dma_buf_pin", ["linux-6.12"],
  "pinning for an importer pins the BO into GTT: a VRAM BO moves to GTT (its CPU mappings are zapped)",
);
export const AMD_BO_PIN = rule(
  "amdgpu.bo-pin-domain", "drivers/gpu/drm/amd/amdgpu/amdgpu_object.c: amdgpu_bo_pin", "all",
  "pinning an already pinned BO into a domain it is not in gives EINVAL",
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
export const AMD_DMABUF_MAP = rule(
  "amdgpu.dma-buf-map", "drivers/gpu/drm/amd/amdgpu/amdgpu_dma_buf.c: amdgpu_dma_buf_map", "all",
  "a pinned BO that is not in GTT cannot be mapped for an importer without peer2peer: EBUSY",
);

export function newTtmBo(s: KernelState, dev: Device, size: number, domain: string, init: Partial<Gem> = {}): Result<Gem> {
  const start = dev.offsets!.add(pagesOf(size));
  if (start === null) return fail(DRM_MM_EMPTY, "ENOSPC", "a zero-page BO gets no fake offset");
  const g = newGem(s, dev.name, pagesOf(size) * PAGE, { ttmRefs: 1, nodeStart: start, domain, ...init });
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
  const att = dmaBufAttach(s, buf.id, dev.name, true);
  if (!att.ok) {
    gemPut(s, bo.value.id);
    return att;
  }
  getFile(s, buf.id);
  bo.value.importAttach = att.value;
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

function objectMmap(_s: KernelState, g: Gem, d: Parameters<DrmDriver["objectMmap"]>[2]): Result<void> {
  if (g.userptr) return fail(AMD_OBJ_MMAP, "EPERM", "a userptr BO cannot be mmapped");
  if (d.flags.has("MAYWRITE") && !d.flags.has("SHARED") && !d.flags.has("READ") && !d.flags.has("WRITE") && !d.flags.has("EXEC")) {
    d.flags.delete("MAYWRITE");
  }
  return ttmMmapObj(g, d, "amdgpu");
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

/** Exporter side of dma_buf_pin / the static-importer pin (amdgpu_dma_buf_pin -> amdgpu_bo_pin(GTT)). */
export function amdgpuDmaBufPin(s: KernelState, gemId: number): Result<void> {
  const g = s.gem(gemId);
  if (g.pinCount > 0 && g.domain !== "gtt") return fail(AMD_BO_PIN, "EINVAL", `BO already pinned in ${g.domain}`);
  if (g.pinCount === 0 && g.domain !== "gtt") ttmMove(s, g, "gtt");
  g.pinCount++;
  s.event("bo_pin", [gemRef(g.id)], `${g.domain} (${AMD_PIN.id})`);
  return ok(undefined);
}

export function amdgpuDmaBufUnpin(s: KernelState, gemId: number): void {
  const g = s.gem(gemId);
  if (g.pinCount > 0) g.pinCount--;
  s.event("bo_unpin", [gemRef(g.id)]);
}

export const amdgpu: DrmDriver = {
  kind: "amdgpu", create, export: exportBo, importForeign, mapOffset,
  chardevMmap: (s, dev, file, d) => drmGemMmap(s, dev, file, d),
  objectMmap, free, use,
};
