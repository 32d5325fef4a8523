// System calls on a mapping beyond mmap/munmap/touch/pin: madvise(MADV_DONTNEED),
// an in-place mremap grow, mlock, a futex wake, a pread of /proc/self/mem and
// ftruncate of the memfd behind a mapping. Each is the row of the get_user_pages
// matrix in real-kernel-6.12.md that a VM_PFNMAP mapping answers differently.
import type { Addr, Result } from "./api.js";
import { fail, forProfile, ok, rule } from "./rules.js";
import { type KFile, type KernelState, type Process, type Vma, PAGE, fileRef, vmaRef } from "./state.js";
import { expandVma, unmapMappingRange, vmaAt } from "./mm.js";
import { gupWalk } from "./gup.js";
import { userptrInvalidate } from "./userptr.js";
import { mlockOverLimit, mlockRefusal } from "./memlock.js";

export const MADV_DONTNEED = rule(
  "madvise.dontneed-valid-vma", "mm/madvise.c: madvise_dontneed_free_valid_vma", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "MADV_DONTNEED refuses VM_PFNMAP and VM_LOCKED VMAs with EINVAL (VM_IO alone passes); elsewhere it zaps the range's PTEs",
);
export const MADV_DONTNEED_510 = rule(
  "madvise.dontneed-lru-vma", "mm/madvise.c: madvise_dontneed_free", ["linux-5.10"],
  "5.10: MADV_DONTNEED refuses VM_PFNMAP and VM_LOCKED VMAs (can_madv_lru_vma) with EINVAL; elsewhere it zaps the range's PTEs",
);
export const MADV_HOLE = rule(
  "madvise.unmapped", "mm/madvise.c: madvise_walk_vmas", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "madvise over a range with no VMA answers ENOMEM",
);
export const MADV_HOLE_510 = rule(
  "madvise.unmapped-old", "mm/madvise.c: do_madvise", ["linux-5.10"], "5.10: madvise over a range with no VMA answers ENOMEM",
);
export const MREMAP_SPECIAL = rule(
  "mremap.dontexpand-pfnmap", "mm/mremap.c: vma_to_resize", ["linux-5.10", "linux-6.1", "linux-6.12"],
  "mremap growing a VM_DONTEXPAND or VM_PFNMAP VMA (or with no VMA at the address) is EFAULT",
);
export const MREMAP_SPECIAL_72 = rule(
  "mremap.dontexpand-pfnmap-vrm", "mm/mremap.c: remap_is_valid", ["linux-7.2"],
  "mremap growing a VM_DONTEXPAND or VM_PFNMAP VMA is EFAULT (no VMA at the address: EFAULT in do_mremap)",
);
export const MREMAP_EXPANDABLE = rule(
  "mremap.expandable", "mm/mremap.c: vma_expandable", "all",
  "without MREMAP_MAYMOVE a grow happens in place only when no VMA lies in [vm_end, vm_end + delta); otherwise ENOMEM",
);
export const MLOCK = rule(
  "mlock.fixup", "mm/mlock.c: mlock_fixup", "all",
  "mlock sets VM_LOCKED and populates the pages, except on VM_SPECIAL (IO, DONTEXPAND, PFNMAP, MIXEDMAP) VMAs, which it skips and still answers 0",
);
export const MLOCK_HOLE = rule(
  "mlock.unmapped", "mm/mlock.c: apply_vma_lock_flags", "all", "mlock of a range with no VMA answers ENOMEM",
);
export const FUTEX_SHARED = rule(
  "futex.key-shared", "kernel/futex/core.c: get_futex_key", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "a shared futex key needs the page: get_user_pages_fast (write, then read for a wake) fails EFAULT where GUP does (VM_IO|VM_PFNMAP); a private key is the address alone",
);
export const FUTEX_SHARED_510 = rule(
  "futex.key-shared-old", "kernel/futex.c: get_futex_key", ["linux-5.10"],
  "5.10: a shared futex key needs the page: get_user_pages_fast fails EFAULT where GUP does (VM_IO|VM_PFNMAP); a private key is the address alone",
);
export const PROC_MEM = rule(
  "proc.mem-rw", "fs/proc/base.c: mem_rw", "all",
  "/proc/self/mem reads and writes through access_remote_vm: GUP with FOLL_FORCE (and FOLL_WRITE for a write, which gives a read-only private mapping a COW copy), then vm_ops->access (TTM, i915 mmap_offset); nothing transferred is EIO",
);
export const SHMEM_SETATTR = rule(
  "shmem.setattr-seals", "mm/shmem.c: shmem_setattr", "all",
  "ftruncate of a memfd: shrinking with F_SEAL_SHRINK or growing with F_SEAL_GROW is EPERM; a shrink zaps mapped pages past the new end",
);

/** What a mapping step asks. */
export type MmOp =
  | { op: "madvise-dontneed" }
  | { op: "mremap-grow"; by: number }
  | { op: "mlock" }
  | { op: "futex-wake"; shared: boolean; page: number }
  | { op: "proc-mem"; page: number; write: boolean }
  | { op: "ftruncate"; size: number };

const SPECIAL = ["IO", "DONTEXPAND", "PFNMAP", "MIXEDMAP"] as const;

export function mmOp(s: KernelState, p: Process, addr: Addr, op: MmOp): Result<void> {
  const v = vmaAt(s, p, addr);
  switch (op.op) {
    case "madvise-dontneed":
      return madviseDontneed(s, v);
    case "mremap-grow":
      return mremapGrow(s, p, v, op.by);
    case "mlock":
      return mlock(s, p, v);
    case "futex-wake":
      return futexWake(s, p, v, addr + op.page * PAGE, op.shared);
    case "proc-mem":
      return procMem(s, p, addr + op.page * PAGE, op.write);
    case "ftruncate":
      return ftruncate(s, v && v.file !== null ? s.file(v.file) : undefined, op.size);
  }
}

function madviseDontneed(s: KernelState, v: Vma | undefined): Result<void> {
  if (!v) return fail(forProfile(s.profile, MADV_HOLE, MADV_HOLE_510), "ENOMEM", "no VMA at the address");
  const r = forProfile(s.profile, MADV_DONTNEED, MADV_DONTNEED_510);
  if (v.flags.has("PFNMAP")) return fail(r, "EINVAL", "the VMA is VM_PFNMAP");
  if (v.flags.has("LOCKED")) return fail(r, "EINVAL", "the VMA is VM_LOCKED");
  userptrInvalidate(s, v.pid, v.start, v.end);
  const n = v.ptes.size;
  v.ptes.clear();
  s.dirty.vmas.add(v.id);
  s.event("madvise_dontneed", [vmaRef(v.id)], `${n} PTEs zapped`);
  return ok(undefined);
}

function mremapGrow(s: KernelState, p: Process, v: Vma | undefined, by: number): Result<void> {
  const efault = forProfile(s.profile, MREMAP_SPECIAL, MREMAP_SPECIAL_72);
  if (!v) return fail(efault, "EFAULT", "no VMA at the address");
  if (v.flags.has("DONTEXPAND") || v.flags.has("PFNMAP")) return fail(efault, "EFAULT", "the VMA is VM_DONTEXPAND|VM_PFNMAP and may not grow");
  const delta = Math.ceil(by / PAGE) * PAGE;
  const next = p.vmas.overlapping(v.end, v.end + delta)[0];
  if (next) return fail(MREMAP_EXPANDABLE, "ENOMEM", `the mapping at 0x${next.start.toString(16)} lies in the way and MREMAP_MAYMOVE is not given`);
  expandVma(s, v, delta / PAGE);
  return ok(undefined);
}

function mlock(s: KernelState, p: Process, v: Vma | undefined): Result<void> {
  const refused = mlockRefusal(p);
  if (refused) return refused;
  if (!v) return fail(MLOCK_HOLE, "ENOMEM", "no VMA at the address");
  const over = mlockOverLimit(p, v);
  if (over) return over;
  if (SPECIAL.some((f) => v.flags.has(f))) {
    s.event("mlock", [vmaRef(v.id)], "VM_SPECIAL: skipped");
    return ok(undefined);
  }
  v.flags.add("LOCKED");
  s.dirty.vmas.add(v.id);
  const write = v.flags.has("WRITE") && !v.flags.has("SHARED");
  const r = gupWalk(s, p, v.start, v.end - v.start, { write, longterm: false });
  s.event("mlock", [vmaRef(v.id)], r.ok ? `${r.value.length} pages populated` : `populate stopped: ${r.reason}`);
  return ok(undefined);
}

function futexWake(s: KernelState, p: Process, v: Vma | undefined, addr: Addr, shared: boolean): Result<void> {
  const at = v ? [vmaRef(v.id)] : [];
  if (!shared) {
    s.event("futex_wake", at, "private key: no page looked up");
    return ok(undefined);
  }
  const r = forProfile(s.profile, FUTEX_SHARED, FUTEX_SHARED_510);
  const w = gupWalk(s, p, addr, 4, { write: true, longterm: false });
  const g = w.ok || !("errno" in w) || w.errno !== "EFAULT" ? w : gupWalk(s, p, addr, 4, { write: false, longterm: false });
  if (!g.ok) return fail(r, "EFAULT", `get_user_pages_fast of the futex word failed: ${g.reason}`);
  s.event("futex_wake", at, "shared key: page found");
  return ok(undefined);
}

/** TTM and i915 mmap_offset VMAs have vm_ops->access; the model's other mappings do not. */
const hasAccessOp = (v: Vma) => v.fault === "ttm" || v.fault === "i915-cpu";

/** pread (or pwrite, `write`) of one page of /proc/self/mem. */
function procMem(s: KernelState, p: Process, addr: Addr, write: boolean): Result<void> {
  const g = gupWalk(s, p, addr, 1, { write, longterm: false, force: true });
  const v = vmaAt(s, p, addr);
  const what = write ? "proc_mem_write" : "proc_mem_read";
  if (g.ok) return (s.event(what, v ? [vmaRef(v.id)] : [], "GUP"), ok(undefined));
  if (v && hasAccessOp(v)) {
    s.event(what, [vmaRef(v.id)], "vm_ops->access");
    return ok(undefined);
  }
  return fail(PROC_MEM, "EIO", `access_remote_vm ${write ? "wrote" : "read"} nothing: ${g.reason}`);
}

/** ftruncate(2) of the memfd behind a mapping (the caller checks there is one). */
function ftruncate(s: KernelState, f: KFile | undefined, size: number): Result<void> {
  if (!f?.memfd) throw new Error("model bug: ftruncate of a file that is not a memfd");
  const old = f.memfd.size;
  if (size < old && f.memfd.seals.has("shrink")) return fail(SHMEM_SETATTR, "EPERM", "the memfd is sealed against shrinking");
  if (size > old && f.memfd.seals.has("grow")) return fail(SHMEM_SETATTR, "EPERM", "the memfd is sealed against growing");
  f.memfd.size = size;
  const keep = Math.ceil(size / PAGE);
  const had = Math.ceil(old / PAGE);
  if (keep < had) unmapMappingRange(s, f.mapping, keep, had - keep);
  s.event("ftruncate", [fileRef(f.id)], `${old} -> ${size} bytes`);
  return ok(undefined);
}
