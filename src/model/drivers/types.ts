// What a DRM driver decides, as a policy the shared GEM/PRIME/mmap code calls:
// object creation, export veto and export info, foreign import, the map-offset
// ioctl, the chardev mmap, obj->funcs->mmap, object free and GPU use.
import type { DeviceKind, Result } from "../api.js";
import type { Device, Gem, KFile, KernelState, Process } from "../state.js";
import type { VmaDraft } from "../mm.js";

export interface DrmDriver {
  kind: DeviceKind;
  /** GEM create ioctl; returns the new object (refcount 1: the creation reference) */
  create(s: KernelState, dev: Device, size: number, domain: string | undefined): Result<Gem>;
  /** obj->funcs->export (or drm_gem_prime_export): returns the new dma-buf file */
  export(s: KernelState, dev: Device, g: Gem, mode: "rw" | "ro", origin: string): Result<KFile>;
  /** gem_prime_import of a dma-buf that is not this device's own export */
  importForeign(s: KernelState, dev: Device, bufFile: KFile): Result<Gem>;
  /** the map-offset ioctl in the holder's drm file: returns the fake page offset */
  mapOffset(s: KernelState, dev: Device, file: KFile, handle: number): Result<number>;
  /** f_op->mmap of the drm file */
  chardevMmap(s: KernelState, dev: Device, file: KFile, d: VmaDraft): Result<void>;
  /** obj->funcs->mmap (drm_gem_mmap_obj and drm_gem_prime_mmap call it) */
  objectMmap(s: KernelState, g: Gem, d: VmaDraft): Result<void>;
  /** the GEM refcount reached 0 */
  free(s: KernelState, g: Gem): void;
  /** command submission using the object */
  use(s: KernelState, p: Process, g: Gem): Result<void>;
  /** kernel-internal move of the object (`evict B [to D]`), where the driver has one */
  evict?(s: KernelState, g: Gem, to: string | undefined): Result<void>;
  /** kernel-internal pin (`pin B [domain D]`) and unpin */
  pin?(s: KernelState, g: Gem, domain: string | undefined): Result<void>;
  unpin?(s: KernelState, g: Gem): Result<void>;
}
