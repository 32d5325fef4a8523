// Walking a user range page by page the way the kernel's pinning paths do:
// get_user_pages/pin_user_pages (check_vma_flags), hmm_range_fault (amdgpu
// userptr) and i915's probe_range. A successful walk faults the pages in and
// returns their identities; a failed one leaves earlier pages populated.
import type { Addr, Result } from "./api.js";
import { fail, ok, rule } from "./rules.js";
import { type KernelState, type Process, type Vma, PAGE } from "./state.js";
import { setPte, vmaAt } from "./mm.js";
import { populate } from "./fault.js";
import { isCow } from "./vmflags.js";

export const GUP_NO_VMA = rule(
  "gup.no-vma", "mm/gup.c: __get_user_pages", "all", "GUP over an address with no VMA (a hole) gives EFAULT",
);
export const GUP_PFNMAP = rule(
  "gup.vm-io-pfnmap", "mm/gup.c: check_vma_flags", "all",
  "GUP refuses VM_IO|VM_PFNMAP vmas (EFAULT); VM_MIXEDMAP alone passes; write needs VM_WRITE and read VM_READ (EFAULT)",
);
export const GUP_FAULT = rule(
  "gup.faultin-page", "mm/gup.c: faultin_page", "all",
  "GUP faults missing pages in through the VMA's fault handler; a fault answering SIGBUS makes the walk fail with EFAULT",
);
export const GUP_FORCE = rule(
  "gup.foll-force", "mm/gup.c: check_vma_flags", "all",
  "FOLL_FORCE lets a write pin reach a VMA without VM_WRITE only when it is a private (COW) mapping, and a read reach one without VM_READ when it has VM_MAYREAD",
);
export const GUP_LONGTERM_FILE = rule(
  "gup.longterm-file", "mm/gup.c: writable_file_mapping_allowed", ["linux-6.12", "linux-7.2"],
  "FOLL_PIN|FOLL_LONGTERM write pins refuse file mappings that need dirty tracking (shmem/memfd are allowed)",
);
export const HMM_HOLE = rule(
  "hmm.hole", "mm/hmm.c: hmm_vma_walk_hole", "all", "hmm_range_fault over a hole gives EFAULT",
);
export const HMM_TEST = rule(
  "hmm.walk-test", "mm/hmm.c: hmm_vma_walk_test", "all",
  "hmm_range_fault refuses VM_IO|VM_PFNMAP vmas and vmas without VM_READ: EFAULT",
);
export const HMM_WRITE = rule(
  "hmm.fault-write", "mm/hmm.c: hmm_vma_fault", "all",
  "hmm_range_fault needing write access to a VMA without VM_WRITE gives EPERM",
);
export const I915_PROBE = rule(
  "i915.probe-range", "drivers/gpu/drm/i915/gem/i915_gem_userptr.c: probe_range", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "PROBE walks the VMAs: a hole or a VM_PFNMAP|VM_MIXEDMAP vma gives EFAULT; vm_file and VM_IO are not inspected",
);

export interface GupFlags {
  write: boolean;
  longterm: boolean;
  /** FOLL_FORCE (ib_umem_get on <= 6.1 for read-only MRs) */
  force?: boolean;
}

/** Pages [first, last) covering [addr, addr+len). */
export function pageSpan(addr: Addr, len: number): { first: Addr; count: number } {
  const first = Math.floor(addr / PAGE) * PAGE;
  const end = Math.ceil((addr + len) / PAGE) * PAGE;
  return { first, count: (end - first) / PAGE };
}

/** A file mapping that would need dirty tracking (none of the model's file kinds do: shmem is exempt). */
function needsDirtyTracking(v: Vma): boolean {
  return v.file !== null && v.fault !== "shmem" && !v.flags.has("PFNMAP");
}

function checkVmaFlags(s: KernelState, v: Vma, f: GupFlags): Result<void> {
  if (v.flags.has("IO") || v.flags.has("PFNMAP")) return fail(GUP_PFNMAP, "EFAULT", "the VMA is VM_IO|VM_PFNMAP: no struct pages to pin");
  if (f.write) {
    if (s.traits.gupLongtermFileRule && f.longterm && needsDirtyTracking(v)) {
      return fail(GUP_LONGTERM_FILE, "EFAULT", "long-term write pin of a dirty-tracked file mapping");
    }
    if (!v.flags.has("WRITE")) {
      if (!f.force) return fail(GUP_PFNMAP, "EFAULT", "write access asked of a VMA without VM_WRITE");
      if (!isCow(v.flags)) return fail(GUP_FORCE, "EFAULT", "FOLL_FORCE write to a shared VMA without VM_WRITE");
    }
  } else if (!v.flags.has("READ") && !(f.force && v.flags.has("MAYREAD"))) {
    return fail(GUP_PFNMAP, "EFAULT", "read access asked of a VMA without VM_READ");
  }
  return ok(undefined);
}

/** __get_user_pages over the range: returns the identities of the pages it got. */
export function gupWalk(s: KernelState, p: Process, addr: Addr, len: number, f: GupFlags): Result<string[]> {
  const { first, count } = pageSpan(addr, len);
  const pages: string[] = [];
  for (let i = 0; i < count; i++) {
    const a = first + i * PAGE;
    const v = vmaAt(s, p, a);
    if (!v) return fail(GUP_NO_VMA, "EFAULT", `no VMA at 0x${a.toString(16)}`);
    const c = checkVmaFlags(s, v, f);
    if (!c.ok) return c;
    const pg = faultIn(s, v, a, !!f.force && f.write && !v.flags.has("WRITE"));
    if (!pg.ok) return pg;
    pages.push(pg.value);
  }
  return ok(pages);
}

/** hmm_range_fault with HMM_PFN_REQ_FAULT (+REQ_WRITE unless readonly). */
export function hmmRangeFault(s: KernelState, p: Process, addr: Addr, len: number, write: boolean): Result<string[]> {
  const { first, count } = pageSpan(addr, len);
  const pages: string[] = [];
  for (let i = 0; i < count; i++) {
    const a = first + i * PAGE;
    const v = vmaAt(s, p, a);
    if (!v) return fail(HMM_HOLE, "EFAULT", `no VMA at 0x${a.toString(16)}`);
    if (v.flags.has("IO") || v.flags.has("PFNMAP") || !v.flags.has("READ")) {
      return fail(HMM_TEST, "EFAULT", "hmm_range_fault refuses a VM_IO|VM_PFNMAP or unreadable VMA");
    }
    if (write && !v.flags.has("WRITE")) return fail(HMM_WRITE, "EPERM", "write fault needed on a VMA without VM_WRITE");
    const pg = faultIn(s, v, a, false);
    if (!pg.ok) return pg;
    pages.push(pg.value);
  }
  return ok(pages);
}

/** Faults the page at `a` in; a forced write to a private read-only VMA pins a COW copy. */
function faultIn(s: KernelState, v: Vma, a: Addr, cowCopy: boolean): Result<string> {
  const idx = (a - v.start) / PAGE;
  if (cowCopy) {
    const backing = `cow#vma${v.id}:${idx}`;
    setPte(s, v, idx, { backing });
    return ok(backing);
  }
  const r = populate(s, v, idx);
  return r.ok ? r : fail(GUP_FAULT, "EFAULT", `the fault at 0x${a.toString(16)} failed: ${r.reason}`);
}

/** i915 probe_range. */
export function probeRange(_s: KernelState, p: Process, addr: Addr, len: number): Result<void> {
  const end = addr + len;
  let cur = addr;
  for (const v of p.vmas.overlapping(addr, end)) {
    if (v.start > cur) return fail(I915_PROBE, "EFAULT", `hole at 0x${cur.toString(16)}`);
    if (v.flags.has("PFNMAP") || v.flags.has("MIXEDMAP")) return fail(I915_PROBE, "EFAULT", "VM_PFNMAP|VM_MIXEDMAP vma in the range");
    cur = v.end;
  }
  if (cur < end) return fail(I915_PROBE, "EFAULT", `hole at 0x${cur.toString(16)}`);
  return ok(undefined);
}
