// udmabuf: a dma-buf made of a sealed memfd's pages (UDMABUF_CREATE). The
// pages are pinned for the buffer's life; its mmap refuses MAP_PRIVATE and is
// page-backed on 5.10/6.1, VM_PFNMAP from 6.12.
import type { Fd, ObjRef, Result } from "../api.js";
import { fail, forProfile, ok, rule } from "../rules.js";
import { type KFile, type KernelState, type Process, PAGE, fileRef } from "../state.js";
import { installFd } from "../files.js";
import { dmaBufExport } from "../dmabuf.js";
import type { VmaDraft } from "../mm.js";
import { pinRelease, pinTake } from "../pins.js";

export const UDMABUF_CREATE = rule(
  "udmabuf.create", "drivers/dma-buf/udmabuf.c: udmabuf_create", "all",
  "offset or size not page aligned, size 0 or above size_limit_mb (64 MiB) gives EINVAL; a bad fd EBADFD; exported O_RDWR, exp_name udmabuf",
);
export const UDMABUF_SEALS = rule(
  "udmabuf.seals", "drivers/dma-buf/udmabuf.c: check_memfd_seals", ["linux-6.12", "linux-7.2"],
  "the file must be shmem (else EBADFD) with F_SEAL_SHRINK and without F_SEAL_WRITE/F_SEAL_FUTURE_WRITE (else EINVAL)",
);
export const UDMABUF_SEALS_OLD = rule(
  "udmabuf.seals-old", "drivers/dma-buf/udmabuf.c: udmabuf_create", ["linux-5.10", "linux-6.1"],
  "the file must be shmem (6.1: or hugetlbfs; else EBADFD) with F_SEAL_SHRINK and without F_SEAL_WRITE (else EINVAL)",
);
export const MEMFD_PIN = rule(
  "udmabuf.pin-folios", "mm/gup.c: memfd_pin_folios", ["linux-6.12", "linux-7.2"],
  "pinning a range beyond the memfd's size gives EINVAL",
);
export const SHMEM_READ_PAGE = rule(
  "udmabuf.shmem-read-page", "mm/shmem.c: shmem_read_mapping_page_gfp", ["linux-5.10", "linux-6.1"],
  "5.10/6.1 udmabuf takes each memfd page with shmem_read_mapping_page: a page beyond i_size gives EINVAL",
);
export const UDMABUF_MMAP = rule(
  "udmabuf.mmap", "drivers/dma-buf/udmabuf.c: mmap_udmabuf", "all",
  "MAP_PRIVATE (no VM_SHARED|VM_MAYSHARE) gives EINVAL; 6.12+ set VM_PFNMAP|VM_DONTEXPAND|VM_DONTDUMP, 5.10/6.1 add no flags (struct pages)",
);
export const UDMABUF_RELEASE = rule(
  "udmabuf.release", "drivers/dma-buf/udmabuf.c: release_udmabuf", "all", "the memfd folios are unpinned when the dma-buf is released",
);

const SIZE_LIMIT = 64 * 1024 * 1024;

export const UDMABUF_FLAGS = rule(
  "udmabuf.flags", "drivers/dma-buf/udmabuf.c: udmabuf_create", "all",
  "of the flags only UDMABUF_FLAGS_CLOEXEC is read: other bits are ignored, not refused",
);

export function udmabufCreate(s: KernelState, p: Process, memfd: ObjRef, offset: number, size: number, undefinedFlags = false): Result<Fd> {
  if (offset % PAGE !== 0 || size % PAGE !== 0) return fail(UDMABUF_CREATE, "EINVAL", "offset or size not page aligned");
  if (size > SIZE_LIMIT) return fail(UDMABUF_CREATE, "EINVAL", "size above size_limit_mb (64 MiB)");
  if (size === 0) return fail(UDMABUF_CREATE, "EINVAL", "size 0");
  const f = memfd.kind === "file" ? s.files[memfd.id - 1] : undefined;
  if (!f || !f.alive) return fail(UDMABUF_CREATE, "EBADFD", "the memfd is not an open file");
  const seal = forProfile(s.profile, UDMABUF_SEALS, UDMABUF_SEALS_OLD);
  if (f.type !== "memfd" && f.type !== "shmem") return fail(seal, "EBADFD", "not a shmem (memfd) file");
  const seals = f.memfd?.seals ?? new Set(["seal"]);
  if (!seals.has("shrink") || seals.has("write")) return fail(seal, "EINVAL", "seals must include SHRINK and exclude WRITE");
  if (offset + size > (f.memfd?.size ?? 0)) return fail(s.traits.udmabufPfnmap ? MEMFD_PIN : SHMEM_READ_PAGE, "EINVAL", "range beyond the memfd's size");
  const buf = dmaBufExport(s, {
    size, expName: "udmabuf", dynamic: false, mmap: "udmabuf", priv: { kind: "udmabuf", memfdMapping: f.mapping, firstPage: offset / PAGE },
    exporter: "udmabuf", owner: "udmabuf", mode: "rw", origin: p.name,
  });
  pinTake(s, fileRef(buf.id), size / PAGE);
  s.event("udmabuf_pin", [fileRef(buf.id), fileRef(f.id)], `${size / PAGE} pages`);
  if (undefinedFlags) s.event("udmabuf_flags", [fileRef(buf.id)], `undefined flag bits ignored (${UDMABUF_FLAGS.id})`);
  return ok(installFd(p, buf.id));
}

export function udmabufMmap(s: KernelState, d: VmaDraft): Result<void> {
  if (!d.flags.has("SHARED") && !d.flags.has("MAYSHARE")) return fail(UDMABUF_MMAP, "EINVAL", "udmabuf refuses MAP_PRIVATE");
  if (s.traits.udmabufPfnmap) for (const f of ["PFNMAP", "DONTEXPAND", "DONTDUMP"] as const) d.flags.add(f);
  Object.assign(d, { priv: "udmabuf", fault: "udmabuf", owner: "udmabuf" });
  return ok(undefined);
}

export function udmabufRelease(s: KernelState, f: KFile): void {
  pinRelease(s, fileRef(f.id));
  s.event("udmabuf_unpin", [fileRef(f.id)], UDMABUF_RELEASE.id);
}
