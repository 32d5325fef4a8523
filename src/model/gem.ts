// GEM objects and handles: the GEM refcount, handle_count and the export cache
// (obj->dma_buf), handle creation/deletion, object free, and what happens when
// a drm file is released (every handle it still holds goes).
import type { Handle, Result } from "./api.js";
import { fail, ok, rule } from "./rules.js";
import { type Gem, type KFile, type KernelState, fileRef, gemRef, indexAdd, indexRemove } from "./state.js";
import { fput, getFile } from "./files.js";
import { driverFor } from "./drivers/index.js";
import { dmaBufDetach } from "./attach.js";

export const HANDLE_CREATE = rule(
  "gem.handle-create", "drivers/gpu/drm/drm_gem.c: drm_gem_handle_create_tail", "all",
  "a new handle is the lowest free id >= 1; the first handle (handle_count 0 -> 1) takes a GEM reference",
);
export const HANDLE_DELETE = rule(
  "gem.close-einval", "drivers/gpu/drm/drm_gem.c: drm_gem_handle_delete", "all",
  "GEM_CLOSE of a handle this file does not hold gives EINVAL",
);
export const HANDLE_RELEASE = rule(
  "gem.release-handle", "drivers/gpu/drm/drm_gem.c: drm_gem_object_release_handle", "all",
  "releasing a handle drops this file's prime-cache entry (one dma-buf file ref) and revokes the file's mmap permission",
);
export const HANDLE_PUT = rule(
  "gem.handle-put", "drivers/gpu/drm/drm_gem.c: drm_gem_object_handle_put_unlocked", "all",
  "when handle_count drops to 0 the export cache obj->dma_buf is dropped (one file ref) and the handles' GEM reference goes",
);
export const GEM_FREE = rule(
  "gem.free", "drivers/gpu/drm/drm_gem.c: drm_gem_object_free", "all",
  "a GEM object is freed when its refcount reaches 0",
);
export const PRIME_DESTROY = rule(
  "prime.gem-destroy", "drivers/gpu/drm/drm_prime.c: drm_prime_gem_destroy", "all",
  "freeing an imported GEM object detaches its attachment and drops its dma-buf reference",
);
export const DRM_RELEASE = rule(
  "drm.release-handles", "drivers/gpu/drm/drm_gem.c: drm_gem_release", "all",
  "when a drm file's last reference goes, every handle it holds is released in id order",
);

export function newGem(s: KernelState, device: string, size: number, init: Partial<Gem>): Gem {
  const g: Gem = {
    id: s.gems.length + 1, device, size, refcount: 1, ttmRefs: null, handleCount: 0, dmaBuf: null,
    importAttach: null, nodeStart: null, domain: "system", preferred: "system", gen: 0, pinCount: 0, driverPins: 0,
    userptr: null, pinnedPages: 0, shmemFile: null, mmo: null, vmaAllowed: new Map(), gemDead: false, alive: true, ...init,
  };
  s.gems.push(g);
  return g;
}

export function gemGet(s: KernelState, id: number): void {
  const g = s.gem(id);
  if (g.gemDead) {
    s.hazard({ kind: "use-after-free", objects: [gemRef(id)], message: "GEM reference taken on a freed object", cite: GEM_FREE.cite });
    return;
  }
  g.refcount++;
}

export function gemPut(s: KernelState, id: number): void {
  const g = s.gem(id);
  if (g.refcount <= 0) {
    s.hazard({ kind: "refcount-underflow", objects: [gemRef(id)], message: "GEM put with refcount 0", cite: GEM_FREE.cite });
    return;
  }
  g.refcount--;
  if (g.refcount === 0) gemFree(s, g);
}

function gemFree(s: KernelState, g: Gem): void {
  g.gemDead = true;
  s.dirty.gems.add(g.id);
  s.event("gem_free", [gemRef(g.id)], g.device);
  const dev = s.device(g.device);
  if (dev) driverFor(dev.kind).free(s, g);
}

/** drm_prime_gem_destroy: detach the import's attachment and drop its dma-buf reference. */
export function primeGemDestroy(s: KernelState, g: Gem, via: string = PRIME_DESTROY.id): void {
  const att = s.attachment(g.importAttach!);
  dmaBufDetach(s, att.id);
  s.event("dma_buf_put", [fileRef(att.dmabuf), gemRef(g.id)], via);
  fput(s, att.dmabuf);
}

/** The object's memory is gone: release its fake offset and mark it dead. */
export function gemRelease(s: KernelState, g: Gem): void {
  const dev = s.device(g.device);
  for (const start of [g.nodeStart, g.mmo?.nodeStart]) {
    if (!dev?.offsets || start === null || start === undefined) continue;
    dev.offsets.remove(start);
    dev.nodeGem.delete(start);
  }
  g.alive = false;
  s.dirty.gems.add(g.id);
  s.event("bo_destroy", [gemRef(g.id)]);
}

export function handleCreate(s: KernelState, file: KFile, gemId: number): Handle {
  const drm = file.drm!;
  const h = drm.handleIds.alloc();
  const g = s.gem(gemId);
  if (g.handleCount++ === 0) gemGet(s, gemId);
  drm.handles.set(h, gemId);
  g.vmaAllowed.set(file.id, (g.vmaAllowed.get(file.id) ?? 0) + 1);
  s.event("handle_create", [fileRef(file.id), gemRef(gemId)], `handle ${h}`);
  return h;
}

export function lookupHandle(file: KFile, handle: Handle): number | undefined {
  return file.drm?.handles.get(handle);
}

export function handleDelete(s: KernelState, file: KFile, handle: Handle): Result<void> {
  if (!file.drm?.handles.has(handle)) return fail(HANDLE_DELETE, "EINVAL", `handle ${handle} is not held by this drm file`);
  releaseHandle(s, file, handle);
  return ok(undefined);
}

function releaseHandle(s: KernelState, file: KFile, handle: Handle): void {
  const drm = file.drm!;
  const gemId = drm.handles.get(handle)!;
  const g = s.gem(gemId);
  drm.handles.delete(handle);
  drm.handleIds.release(handle);
  const allowed = (g.vmaAllowed.get(file.id) ?? 1) - 1;
  if (allowed > 0) g.vmaAllowed.set(file.id, allowed);
  else g.vmaAllowed.delete(file.id);
  g.mmo?.allowed.delete(file.id);
  for (const buf of [...(drm.primeByHandle.get(handle) ?? [])]) {
    drm.prime.delete(buf);
    indexRemove(drm.primeByHandle, handle, buf);
    fput(s, buf);
  }
  s.event("handle_delete", [fileRef(file.id), gemRef(gemId)], `handle ${handle}`);
  if (--g.handleCount === 0) {
    if (g.dmaBuf !== null) {
      const buf = g.dmaBuf;
      g.dmaBuf = null;
      fput(s, buf);
    }
    gemPut(s, gemId);
  }
}

/** drm_release -> drm_gem_release: the drm file's last reference is gone. */
export function drmFileRelease(s: KernelState, file: KFile): void {
  const handles = [...file.drm!.handles.keys()].sort((a, b) => a - b);
  for (const h of handles) releaseHandle(s, file, h);
}

/** drm_prime_add_buf_handle: a prime-cache entry, holding a reference on the dma-buf file. */
export function primeCacheAdd(s: KernelState, file: KFile, buf: number, handle: Handle): void {
  file.drm!.prime.set(buf, handle);
  indexAdd(file.drm!.primeByHandle, handle, buf);
  getFile(s, buf);
}

/** Whether `file` may mmap the object (drm_vma_node_is_allowed): it holds a handle to it. */
export function fileHoldsObject(s: KernelState, file: KFile, gemId: number): boolean {
  return (s.gem(gemId).vmaAllowed.get(file.id) ?? 0) > 0;
}
