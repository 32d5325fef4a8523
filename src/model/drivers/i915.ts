// i915 as a policy: an integrated GPU (LLC, no LMEM) whose objects are shmem
// backed. Its dma-buf mmap swaps vm_file to the object's shmem file; its
// chardev mmap swaps vm_file to the device-wide "i915.gem" singleton. Userptr
// objects live in i915-userptr.ts.
import type { Result } from "../api.js";
import { fail, forProfile, ok, rule } from "../rules.js";
import { type Device, type Gem, type KFile, type KernelState, type Process, PAGE, fileRef, gemRef, pagesOf } from "../state.js";
import { fput, getFile, newFile } from "../files.js";
import { gemGet, gemRelease, lookupHandle, newGem, primeGemDestroy } from "../gem.js";
import { dmaBufExport } from "../dmabuf.js";
import { dmaBufAttach, dmaBufMapAttachment } from "../attach.js";
import type { VmaDraft } from "../mm.js";
import { swapToShmemFile } from "../mmap.js";
import { pinRelease } from "../pins.js";
import { I915_EXPORT_USERPTR, i915UserptrRelease, i915UserptrSubmit } from "./i915-userptr.js";
import type { DrmDriver } from "./types.js";

export const I915_CREATE_510 = rule(
  "i915.gem-create-510", "drivers/gpu/drm/i915/i915_gem.c: i915_gem_create_ioctl", ["linux-5.10"],
  "5.10: GEM_CREATE makes a shmem-backed object (obj->base.filp is its shmem file); size 0 gives EINVAL",
);
export const I915_CREATE = rule(
  "i915.gem-create", "drivers/gpu/drm/i915/gem/i915_gem_create.c: i915_gem_create_ioctl", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "GEM_CREATE makes a shmem-backed object (obj->base.filp is its shmem file); size 0 gives EINVAL",
);
export const I915_EXPORT = rule(
  "i915.prime-export", "drivers/gpu/drm/i915/gem/i915_gem_dmabuf.c: i915_gem_prime_export", "all",
  "i915 exports with its own static dma-buf ops, exp_name i915, owner module i915",
);
export const I915_IMPORT = rule(
  "i915.prime-import", "drivers/gpu/drm/i915/gem/i915_gem_dmabuf.c: i915_gem_prime_import", "all",
  "a foreign dma-buf gets a static attachment and a dma-buf reference; pages are mapped at first use",
);
export const I915_MMAP_OFFSET = rule(
  "i915.mmap-offset", "drivers/gpu/drm/i915/gem/i915_gem_mman.c: __assign_mmap_offset", "all",
  "GEM_MMAP_OFFSET: unknown handle ENOENT; userptr (NO_MMAP) or objects without struct pages (imports) ENODEV; allows the calling file",
);
export const I915_MMAP = rule(
  "i915.mmap-lookup", "drivers/gpu/drm/i915/gem/i915_gem_mman.c: i915_gem_mmap", "all",
  "chardev mmap: an offset node this file is not allowed on gives EACCES, no node EINVAL",
);
export const I915_MMAP_SINGLETON = rule(
  "i915.mmap-singleton", "drivers/gpu/drm/i915/gem/i915_gem_mman.c: i915_gem_object_mmap", "all",
  "vm_file is swapped to the i915.gem singleton (f_mapping = device mapping), pgoff unchanged, PFNMAP|DONTEXPAND|DONTDUMP (+IO from 6.1)",
);
export const I915_UNBIND = rule(
  "i915.object-unbind", "drivers/gpu/drm/i915/i915_gem.c: i915_gem_object_unbind", "all",
  "i915's eviction unbinds the object from the GPU address spaces; its shmem pages stay, so its CPU mappings stay valid and nothing is zapped",
);
export const I915_DMABUF_MMAP = rule(
  "i915.dmabuf-mmap-shmem", "drivers/gpu/drm/i915/gem/i915_gem_dmabuf.c: i915_gem_dmabuf_mmap", "all",
  "mmap of an i915 dma-buf maps the object's shmem file and swaps vm_file to it: an ordinary page-backed mapping",
);
export const I915_EXEC_LOOKUP = rule(
  "i915.execbuf-lookup", "drivers/gpu/drm/i915/gem/i915_gem_execbuffer.c: eb_lookup_vmas", "all",
  "an execbuf naming an unknown handle gives ENOENT",
);

function create(s: KernelState, dev: Device, size: number): Result<Gem> {
  if (size <= 0) return fail(forProfile(s.profile, I915_CREATE, I915_CREATE_510), "EINVAL", "size 0");
  const g = newGem(s, dev.name, pagesOf(size) * PAGE, { domain: "system" });
  const f = newFile(s, "shmem", { mapping: s.newSpace(`shmem(gem#${g.id})`), owner: "shmem", origin: `gem#${g.id}`, shmemOf: g.id });
  g.shmemFile = f.id;
  s.event("gem_create", [gemRef(g.id), fileRef(f.id)], `${g.size} bytes`);
  return ok(g);
}

function exportObj(s: KernelState, dev: Device, g: Gem, mode: "rw" | "ro", origin: string): Result<KFile> {
  if (g.userptr && !s.traits.i915UserptrExport) return fail(I915_EXPORT_USERPTR, "EINVAL", "exporting userptr objects is no longer allowed");
  const f = dmaBufExport(s, {
    size: g.size, expName: "i915", dynamic: false, mmap: "i915-shmem", priv: { kind: "gem", gem: g.id },
    exporter: dev.name, owner: "i915", mode, mapping: dev.mapping!, origin,
  });
  gemGet(s, g.id);
  return ok(f);
}

function importForeign(s: KernelState, dev: Device, buf: KFile): Result<Gem> {
  const att = dmaBufAttach(s, buf.id, { importer: dev.name, kind: "prime", dynamic: false, allowP2p: false });
  if (!att.ok) return att;
  getFile(s, buf.id);
  const g = newGem(s, dev.name, buf.dmabuf!.size, { domain: "system", importAttach: att.value });
  s.event("prime_import", [fileRef(buf.id), gemRef(g.id)], I915_IMPORT.id);
  return ok(g);
}

function mapOffset(s: KernelState, dev: Device, file: KFile, handle: number): Result<number> {
  const id = lookupHandle(file, handle);
  if (id === undefined) return fail(I915_MMAP_OFFSET, "ENOENT", `handle ${handle} not found`);
  const g = s.gem(id);
  if (g.userptr) return fail(I915_MMAP_OFFSET, "ENODEV", "userptr objects cannot be mmapped");
  if (g.importAttach !== null) return fail(I915_MMAP_OFFSET, "ENODEV", "an imported object has no struct pages or iomem for a CPU mmap");
  if (!g.mmo) {
    const start = dev.offsets!.add(g.size / PAGE)!;
    g.mmo = { nodeStart: start, allowed: new Set() };
    dev.nodeGem.set(start, g.id);
  }
  g.mmo.allowed.add(file.id);
  return ok(g.mmo.nodeStart);
}

function chardevMmap(s: KernelState, dev: Device, file: KFile, d: VmaDraft): Result<void> {
  const node = dev.offsets!.containing(d.pgoff, d.npages);
  const id = node === null ? undefined : dev.nodeGem.get(node);
  const g = id === undefined || s.gem(id).gemDead ? undefined : s.gem(id);
  if (!g) return fail(I915_MMAP, "EINVAL", "no i915 mmap offset covers the range");
  if (!g.mmo!.allowed.has(file.id)) return fail(I915_MMAP, "EACCES", "this drm file did not obtain the mmap offset");
  if (dev.singleton === null) {
    const f = newFile(s, "anon_inode", { mapping: dev.mapping!, owner: "i915", origin: dev.name, device: dev.name });
    f.f_count = 0;
    dev.singleton = f.id;
  }
  for (const fl of ["PFNMAP", "DONTEXPAND", "DONTDUMP"] as const) d.flags.add(fl);
  if (s.traits.i915MmapIo) d.flags.add("IO");
  s.event("vma_set_file", [fileRef(d.file), fileRef(dev.singleton)], I915_MMAP_SINGLETON.id);
  d.file = dev.singleton;
  Object.assign(d, { priv: "mmo", privGem: g.id, hold: "gem", fault: "i915-cpu", owner: "i915" });
  return ok(undefined);
}

/** i915_gem_dmabuf_mmap: integrated parts map the shmem file itself. */
export function i915DmabufMmap(s: KernelState, g: Gem, d: VmaDraft): Result<void> {
  return swapToShmemFile(s, g, d, I915_DMABUF_MMAP);
}

function free(s: KernelState, g: Gem): void {
  if (g.importAttach !== null) primeGemDestroy(s, g);
  if (g.pinnedPages > 0) pinRelease(s, gemRef(g.id));
  if (g.userptr) i915UserptrRelease(s, g);
  if (g.shmemFile !== null) fput(s, g.shmemFile);
  gemRelease(s, g);
}

function use(s: KernelState, p: Process, g: Gem): Result<void> {
  if (g.userptr) return i915UserptrSubmit(s, p, g);
  if (g.importAttach !== null) {
    const r = dmaBufMapAttachment(s, g.importAttach);
    if (!r.ok) return r;
  }
  s.event("execbuf", [gemRef(g.id)], "i915");
  return ok(undefined);
}

function evict(s: KernelState, g: Gem): Result<void> {
  s.event("evict", [gemRef(g.id)], `${I915_UNBIND.id}: pages stay in ${g.domain}`);
  return ok(undefined);
}

export const i915: DrmDriver = {
  kind: "i915", create, export: exportObj, importForeign, mapOffset, chardevMmap,
  objectMmap: () => { throw new Error("model bug: integrated i915 has no drm_gem_prime_mmap path"); },
  free, use, evict,
};
