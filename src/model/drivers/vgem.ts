// The shmem-helper GEM drivers: vgem (MODE_CREATE_DUMB / MODE_MAP_DUMB) and
// panfrost (CREATE_BO / MMAP_BO). Both use the generic PRIME export and import
// (static attach, mapped at import up to 6.12); their mmap is
// drm_gem_shmem_mmap, which forwards an imported object's mapping to the
// exporter through dma_buf_mmap. 5.10's vgem predates the shmem helpers: its
// mappings are page-backed and its dma-bufs map the GEM shmem file.
import type { Result } from "../api.js";
import { fail, forProfile, ok, rule } from "../rules.js";
import { type Device, type Gem, type KFile, type KernelState, type Process, PAGE, fileRef, gemRef, pagesOf } from "../state.js";
import { fput, getFile, newFile } from "../files.js";
import { gemGet, gemRelease, lookupHandle, newGem, primeGemDestroy } from "../gem.js";
import { dmaBufExport, dmaBufMmapForward } from "../dmabuf.js";
import { dmaBufAttach, dmaBufMapAttachment } from "../attach.js";
import { drmGemMmap } from "../gem-mmap.js";
import type { VmaDraft } from "../mm.js";
import { swapToShmemFile } from "../mmap.js";
import { isCow } from "../vmflags.js";
import type { DrmDriver } from "./types.js";

export const DUMB_CREATE = rule(
  "drm.dumb-create", "drivers/gpu/drm/drm_dumb_buffers.c: drm_mode_create_dumb", "all", "a dumb buffer of size 0 gives EINVAL",
);
export const PANFROST_CREATE = rule(
  "panfrost.create-bo", "drivers/gpu/drm/panfrost/panfrost_drv.c: panfrost_ioctl_create_bo", "all", "CREATE_BO of size 0 gives EINVAL",
);
export const SHMEM_CREATE = rule(
  "shmem-helper.create", "drivers/gpu/drm/drm_gem_shmem_helper.c: __drm_gem_shmem_create", "all",
  "shmem-helper objects (imports included) get their fake offset at creation",
);
export const PRIME_EXPORT = rule(
  "prime.export", "drivers/gpu/drm/drm_prime.c: drm_gem_prime_export", "all",
  "the generic export: static dma-buf ops, exp_name drm, owner = the driver's fops owner",
);
export const PRIME_IMPORT = rule(
  "prime.import-dev", "drivers/gpu/drm/drm_prime.c: drm_gem_prime_import_dev", "all",
  "the generic import attaches statically, takes a dma-buf reference and maps the attachment at once (7.2 vgem: no mapping at import)",
);
export const MAP_DUMB = rule(
  "drm.dumb-map-offset", "drivers/gpu/drm/drm_gem.c: drm_gem_dumb_map_offset", "all",
  "MODE_MAP_DUMB: unknown handle ENOENT, imported object EINVAL, otherwise the fake offset",
);
export const PANFROST_MMAP_BO = rule(
  "panfrost.mmap-bo", "drivers/gpu/drm/panfrost/panfrost_drv.c: panfrost_ioctl_mmap_bo", "all",
  "MMAP_BO: unknown handle ENOENT; imported objects get an offset too",
);
export const SHMEM_MMAP_HELPER = rule(
  "shmem-helper.mmap", "drivers/gpu/drm/drm_gem_shmem_helper.c: drm_gem_shmem_mmap", "all",
  "an imported object forwards to dma_buf_mmap(obj->dma_buf, vma, 0) and drops its own reference; others: 6.1+ COW EINVAL and PFNMAP|DONTEXPAND|DONTDUMP, 5.10 MIXEDMAP|DONTEXPAND with struct pages",
);
export const VGEM_MMAP_510 = rule(
  "vgem.mmap", "drivers/gpu/drm/vgem/vgem_drv.c: vgem_mmap", ["linux-5.10"],
  "5.10 vgem chardev mmap restores the caller's VM flags (+DONTEXPAND|DONTDUMP) after drm_gem_mmap: an ordinary page-backed mapping of the object's shmem pages",
);
export const VGEM_PRIME_MMAP_510 = rule(
  "vgem.prime-mmap", "drivers/gpu/drm/vgem/vgem_drv.c: vgem_prime_mmap", ["linux-5.10"],
  "5.10 vgem dma-buf mmap maps the GEM shmem file and swaps vm_file to it (a mapping larger than the object EINVAL, no shmem file ENODEV)",
);
export const SHMEM_FREE = rule(
  "shmem-helper.free", "drivers/gpu/drm/drm_gem_shmem_helper.c: drm_gem_shmem_free", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "freeing an imported shmem object detaches it (drm_prime_gem_destroy)",
);
export const SHMEM_FREE_510 = rule(
  "shmem-helper.free-object", "drivers/gpu/drm/drm_gem_shmem_helper.c: drm_gem_shmem_free_object", ["linux-5.10"],
  "5.10: freeing an imported shmem object detaches it (drm_prime_gem_destroy)",
);
export const VGEM_FREE_510 = rule(
  "vgem.free-object", "drivers/gpu/drm/vgem/vgem_drv.c: vgem_gem_free_object", ["linux-5.10"],
  "5.10: freeing an imported vgem object detaches it (drm_prime_gem_destroy) and the object's shmem file goes",
);
export const NO_CS = rule(
  "drm.ioctl-unknown", "drivers/gpu/drm/drm_ioctl.c: drm_ioctl", "all", "vgem has no command-submission ioctl: an unknown driver ioctl gives EINVAL",
);

function newShmemObj(s: KernelState, dev: Device, size: number, init: Partial<Gem> = {}): Gem {
  const start = dev.offsets!.add(pagesOf(size));
  const g = newGem(s, dev.name, pagesOf(size) * PAGE, { nodeStart: start, domain: "system", ...init });
  if (start !== null) dev.nodeGem.set(start, g.id);
  if (dev.kind === "vgem" && !s.traits.vgemShmemHelpers && g.importAttach === null) {
    const f = newFile(s, "shmem", { mapping: s.newSpace(`shmem(gem#${g.id})`), owner: "shmem", origin: `gem#${g.id}`, shmemOf: g.id });
    g.shmemFile = f.id;
  }
  s.event("gem_create", [gemRef(g.id)], `${g.size} bytes`);
  return g;
}

function create(s: KernelState, dev: Device, size: number): Result<Gem> {
  if (size <= 0) return fail(dev.kind === "vgem" ? DUMB_CREATE : PANFROST_CREATE, "EINVAL", "size 0");
  return ok(newShmemObj(s, dev, size));
}

function exportObj(s: KernelState, dev: Device, g: Gem, mode: "rw" | "ro", origin: string): Result<KFile> {
  const mmap = dev.kind === "vgem" && !s.traits.vgemShmemHelpers ? "vgem-shmem" : "gem-prime";
  const f = dmaBufExport(s, {
    size: g.size, expName: "drm", dynamic: false, mmap, priv: { kind: "gem", gem: g.id },
    exporter: dev.name, owner: dev.module, mode, mapping: dev.mapping!, origin,
  });
  gemGet(s, g.id);
  return ok(f);
}

function importForeign(s: KernelState, dev: Device, buf: KFile): Result<Gem> {
  const att = dmaBufAttach(s, buf.id, { importer: dev.name, kind: "prime", dynamic: false, allowP2p: false });
  if (!att.ok) return att;
  getFile(s, buf.id);
  if (dev.kind !== "vgem" || s.traits.vgemImportMaps) {
    const m = dmaBufMapAttachment(s, att.value);
    if (!m.ok) return m;
  }
  const g = newShmemObj(s, dev, buf.dmabuf!.size, { importAttach: att.value });
  s.event("prime_import", [fileRef(buf.id), gemRef(g.id)], PRIME_IMPORT.id);
  return ok(g);
}

function mapOffset(s: KernelState, dev: Device, file: KFile, handle: number): Result<number> {
  const rule = dev.kind === "vgem" ? MAP_DUMB : PANFROST_MMAP_BO;
  const id = lookupHandle(file, handle);
  if (id === undefined) return fail(rule, "ENOENT", `handle ${handle} not found`);
  const g = s.gem(id);
  if (dev.kind === "vgem" && g.importAttach !== null) return fail(MAP_DUMB, "EINVAL", "MAP_DUMB refuses imported objects");
  return ok(g.nodeStart!);
}

function objectMmap(s: KernelState, g: Gem, d: VmaDraft): Result<void> {
  if (g.importAttach !== null) {
    d.priv = "none";
    d.privGem = null;
    d.hold = null;
    return dmaBufMmapForward(s, g.dmaBuf!, d, 0);
  }
  const dev = s.device(g.device)!;
  if (dev.kind === "vgem" && !s.traits.vgemShmemHelpers) {
    Object.assign(d, { priv: "gem", privGem: g.id, hold: "gem", fault: "gem-pages", owner: "vgem" });
    for (const f of ["DONTEXPAND", "DONTDUMP"] as const) d.flags.add(f);
    return ok(undefined);
  }
  if (!s.traits.shmemHelperPfnmap) {
    for (const f of ["MIXEDMAP", "DONTEXPAND"] as const) d.flags.add(f);
    Object.assign(d, { priv: "gem", privGem: g.id, hold: "gem", fault: "gem-pages", owner: "drm_shmem_helper" });
    return ok(undefined);
  }
  if (isCow(d.flags)) return fail(SHMEM_MMAP_HELPER, "EINVAL", "shmem helper refuses a private (copy-on-write) mapping");
  for (const f of ["PFNMAP", "DONTEXPAND", "DONTDUMP"] as const) d.flags.add(f);
  Object.assign(d, { priv: "gem", privGem: g.id, hold: "gem", fault: "shmem-helper", owner: "drm_shmem_helper" });
  return ok(undefined);
}

/** 5.10 vgem_prime_mmap: the dma-buf maps the object's shmem file, and vm_file becomes that file. */
export function vgemDmabufMmap(s: KernelState, g: Gem, d: VmaDraft): Result<void> {
  for (const f of ["DONTEXPAND", "DONTDUMP"] as const) d.flags.add(f);
  return swapToShmemFile(s, g, d, VGEM_PRIME_MMAP_510);
}

function freeRule(s: KernelState, g: Gem) {
  if (s.device(g.device)!.kind === "vgem" && !s.traits.vgemShmemHelpers) return VGEM_FREE_510;
  return forProfile(s.profile, SHMEM_FREE, SHMEM_FREE_510);
}

function free(s: KernelState, g: Gem): void {
  if (g.importAttach !== null) primeGemDestroy(s, g, freeRule(s, g).id);
  if (g.shmemFile !== null) fput(s, g.shmemFile);
  gemRelease(s, g);
}

function use(s: KernelState, _p: Process, g: Gem): Result<void> {
  const dev = s.device(g.device)!;
  if (dev.kind === "vgem") return fail(NO_CS, "EINVAL", "vgem has no command submission");
  if (g.importAttach !== null) {
    const r = dmaBufMapAttachment(s, g.importAttach);
    if (!r.ok) return r;
  }
  s.event("submit", [gemRef(g.id)], dev.kind);
  return ok(undefined);
}

const base = {
  create, export: exportObj, importForeign, mapOffset, objectMmap, free, use,
  chardevMmap: (s: KernelState, dev: Device, file: KFile, d: VmaDraft) => drmGemMmap(s, dev, file, d),
};

export const vgem: DrmDriver = { kind: "vgem", ...base };
export const panfrost: DrmDriver = { kind: "panfrost", ...base };
