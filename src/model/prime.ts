// PRIME: GEM handle <-> dma-buf fd. HANDLE_TO_FD resolves through this file's
// prime cache, an import's original dma-buf, the object's export cache, and
// only then exports (driver veto first); FD_TO_HANDLE returns a cached handle,
// re-uses the same object on a self-import, or imports a foreign buffer.
import type { Fd, Handle, Result } from "./api.js";
import { fail, forProfile, ok, rule } from "./rules.js";
import { type Device, type KFile, type KernelState, type Process, fileRef, gemRef } from "./state.js";
import { fput, getFile, installFd } from "./files.js";
import { gemGet, gemPut, handleCreate, lookupHandle, primeCacheAdd } from "./gem.js";
import { dmaBufGet } from "./dmabuf.js";
import { driverFor } from "./drivers/index.js";

export const H2FD_LOOKUP = rule(
  "prime.handle-to-fd-enoent", "drivers/gpu/drm/drm_prime.c: drm_gem_prime_handle_to_dmabuf", ["linux-6.12", "linux-7.2"],
  "HANDLE_TO_FD of a handle this file does not hold gives ENOENT",
);
export const H2FD_LOOKUP_OLD = rule(
  "prime.handle-to-fd-enoent-old", "drivers/gpu/drm/drm_prime.c: drm_gem_prime_handle_to_fd", ["linux-5.10", "linux-6.1"],
  "HANDLE_TO_FD of a handle this file does not hold gives ENOENT (before the split into drm_gem_prime_handle_to_dmabuf)",
);
export const H2FD_CACHE = rule(
  "prime.handle-to-fd-cache", "drivers/gpu/drm/drm_prime.c: drm_gem_prime_handle_to_dmabuf", "all",
  "a handle already in this file's prime cache returns the same dma-buf (+1 for the fd only); an import returns its original dma-buf; an exported object re-uses obj->dma_buf",
);
export const EXPORT_REGISTER = rule(
  "prime.export-and-register", "drivers/gpu/drm/drm_prime.c: export_and_register_object", "all",
  "a first export sets obj->dma_buf with its own file reference: fd + export cache + prime-cache entry = 3",
);
export const ADD_BUF_HANDLE = rule(
  "prime.add-buf-handle", "drivers/gpu/drm/drm_prime.c: drm_prime_add_buf_handle", "all",
  "each prime-cache entry of a drm file holds a reference on the dma-buf file",
);
export const FD2H = rule(
  "prime.fd-to-handle", "drivers/gpu/drm/drm_prime.c: drm_gem_prime_fd_to_handle", "all",
  "a dma-buf already in this file's prime cache returns its handle; otherwise import, set obj->dma_buf (+1) if unset, new handle, cache entry (+1)",
);
export const SELF_IMPORT = rule(
  "prime.self-import", "drivers/gpu/drm/drm_prime.c: drm_gem_prime_import_dev", "all",
  "importing a dma-buf exported by the same device returns the same GEM object: no attachment, no import reference",
);

export function primeHandleToFd(s: KernelState, p: Process, dev: Device, file: KFile, handle: Handle, readonly: boolean): Result<Fd> {
  const gemId = lookupHandle(file, handle);
  if (gemId === undefined) return fail(forProfile(s.profile, H2FD_LOOKUP, H2FD_LOOKUP_OLD), "ENOENT", `handle ${handle} not found`);
  const g = s.gem(gemId);
  for (const buf of file.drm!.primeByHandle.get(handle) ?? []) {
    getFile(s, buf);
    return ok(installFd(p, buf));
  }
  let buf: number;
  if (g.importAttach !== null) {
    buf = s.attachment(g.importAttach).dmabuf;
    getFile(s, buf);
  } else if (g.dmaBuf !== null) {
    buf = g.dmaBuf;
    getFile(s, buf);
  } else {
    if (g.handleCount === 0) return fail(EXPORT_REGISTER, "ENOENT", "the object has no handles left");
    const r = driverFor(dev.kind).export(s, dev, g, readonly ? "ro" : "rw", `${dev.name},${p.name}`);
    if (!r.ok) return r;
    buf = r.value.id;
    g.dmaBuf = buf;
    getFile(s, buf);
  }
  primeCacheAdd(s, file, buf, handle);
  const fd = installFd(p, buf);
  s.event("prime_handle_to_fd", [gemRef(gemId), fileRef(buf)], `fd ${fd}`);
  return ok(fd);
}

export function primeFdToHandle(s: KernelState, p: Process, dev: Device, file: KFile, fd: Fd): Result<Handle> {
  const got = dmaBufGet(s, p, fd);
  if (!got.ok) return got;
  const buf = got.value;
  const cached = file.drm!.prime.get(buf.id);
  if (cached !== undefined) {
    fput(s, buf.id);
    return ok(cached);
  }
  const imp = importBuf(s, dev, buf);
  if (!imp.ok) {
    fput(s, buf.id);
    return imp;
  }
  const g = s.gem(imp.value);
  if (g.dmaBuf === null) {
    g.dmaBuf = buf.id;
    getFile(s, buf.id);
  }
  const h = handleCreate(s, file, g.id);
  gemPut(s, g.id);
  primeCacheAdd(s, file, buf.id, h);
  fput(s, buf.id);
  s.event("prime_fd_to_handle", [fileRef(buf.id), gemRef(g.id)], `handle ${h}`);
  return ok(h);
}

/** driver->gem_prime_import: self-import, or the driver's foreign import. Returns a GEM reference. */
function importBuf(s: KernelState, dev: Device, buf: KFile): Result<number> {
  const priv = buf.dmabuf!.priv;
  if (priv.kind === "gem" && s.gem(priv.gem).device === dev.name) {
    gemGet(s, priv.gem);
    s.event("prime_import", [fileRef(buf.id), gemRef(priv.gem)], SELF_IMPORT.id);
    return ok(priv.gem);
  }
  const r = driverFor(dev.kind).importForeign(s, dev, buf);
  return r.ok ? ok(r.value.id) : r;
}

