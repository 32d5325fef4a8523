// CPU access to a user address: the page-fault path per mapping kind (anonymous,
// shmem, TTM, shmem helper, i915 CPU mmap, udmabuf, remapped heap), filling PTEs
// that record what they point at (object, placement, generation) so a later
// move can tell a stale PTE from a live one.
import type { Addr, Result } from "./api.js";
import { ok, rule, signal } from "./rules.js";
import { type KernelState, type Process, type Vma, PAGE, gemRef, vmaRef } from "./state.js";
import { vmaAt } from "./mm.js";
import { ttmFault } from "./drivers/ttm.js";

export const BAD_AREA = rule(
  "fault.bad-area", "arch/x86/mm/fault.c: do_user_addr_fault", "all", "an access with no VMA at the address is SIGSEGV",
);
export const ACCESS_ERROR = rule(
  "fault.access-error", "arch/x86/mm/fault.c: access_error", "all", "a write to a VMA without VM_WRITE (or any access to an inaccessible VMA) is SIGSEGV",
);
export const SHMEM_FAULT = rule(
  "shmem.fault-eof", "mm/shmem.c: shmem_fault", "all", "a shmem fault beyond i_size is SIGBUS",
);
export const SHMEM_HELPER_FAULT = rule(
  "shmem-helper.fault", "drivers/gpu/drm/drm_gem_shmem_helper.c: drm_gem_shmem_fault", ["linux-6.12"],
  "the shmem helper picks the page from the address relative to vm_start and ignores vm_pgoff; one PTE per fault",
);
export const I915_FAULT_CPU = rule(
  "i915.fault-cpu", "drivers/gpu/drm/i915/gem/i915_gem_mman.c: vm_fault_cpu", "all",
  "the first fault of an i915 CPU mmap remaps the whole VMA",
);
export const UDMABUF_FAULT = rule(
  "udmabuf.fault", "drivers/dma-buf/udmabuf.c: udmabuf_vm_fault", "all",
  "udmabuf inserts the pfn of memfd page vmf->pgoff; beyond the buffer is SIGBUS",
);
export const DO_FAULT_NO_HANDLER = rule(
  "fault.no-handler", "mm/memory.c: do_fault", "all", "a missing PTE in a VMA whose vm_ops has no ->fault is SIGBUS",
);

function identity(v: Vma, idx: number): string {
  if (v.fault === "anon") return `anon#${v.anon}:${v.start / PAGE + idx}`;
  if (v.fault === "shmem") return `shm#${v.mapping}:${v.pgoff + idx}`;
  return `vma#${v.id}:${idx}`;
}

/** Faults one page of an anonymous or shmem VMA in (GUP, HMM, touch); returns the page's identity. */
export function populate(_s: KernelState, v: Vma, idx: number): string {
  const have = v.ptes.get(idx);
  if (have) return have.backing;
  const backing = identity(v, idx);
  v.ptes.set(idx, { backing });
  return backing;
}

function shmemSizePages(s: KernelState, v: Vma): number {
  const f = s.file(v.file!);
  if (f.memfd) return f.memfd.size / PAGE;
  if (f.shmemOf !== undefined) return s.gem(f.shmemOf).size / PAGE;
  return Number.MAX_SAFE_INTEGER;
}

function faultPage(s: KernelState, v: Vma, idx: number): Result<void> {
  switch (v.fault) {
    case "anon": populate(s, v, idx); return ok(undefined);
    case "shmem":
      if (v.pgoff + idx >= shmemSizePages(s, v)) return signal(SHMEM_FAULT, "SIGBUS", "access beyond the end of the shmem file");
      populate(s, v, idx);
      return ok(undefined);
    case "ttm": return ttmFault(s, v, idx);
    case "shmem-helper": {
      const g = s.gem(v.privGem!);
      v.ptes.set(idx, { backing: `gem#${g.id}:${idx}`, gem: g.id, gen: g.gen });
      return ok(undefined);
    }
    case "i915-cpu": {
      const g = s.gem(v.privGem!);
      const n = (v.end - v.start) / PAGE;
      for (let i = 0; i < n; i++) v.ptes.set(i, { backing: `gem#${g.id}:${i}`, gem: g.id, gen: g.gen });
      return ok(undefined);
    }
    case "udmabuf": return udmabufFault(s, v, idx);
    case "premapped": return signal(DO_FAULT_NO_HANDLER, "SIGBUS", "the remapped PTE is gone and the VMA has no fault handler");
  }
}

function udmabufFault(s: KernelState, v: Vma, idx: number): Result<void> {
  const buf = s.file(v.file!).dmabuf!;
  const pg = v.pgoff + idx;
  if (buf.priv.kind !== "udmabuf" || pg >= buf.size / PAGE) return signal(UDMABUF_FAULT, "SIGBUS", "page beyond the udmabuf");
  const { memfdMapping, firstPage } = buf.priv;
  const fill = (i: number, p: number) => v.ptes.set(i, { backing: `shm#${memfdMapping}:${firstPage + p}` });
  fill(idx, pg);
  if (s.traits.udmabufPrefault) {
    const n = (v.end - v.start) / PAGE;
    for (let i = 0; i < n && v.pgoff + i < buf.size / PAGE; i++) fill(i, v.pgoff + i);
  }
  return ok(undefined);
}

export function touch(s: KernelState, p: Process, addr: Addr, page: number, write: boolean): Result<void> {
  const a = addr + page * PAGE;
  const v = vmaAt(s, p, a);
  if (!v) return signal(BAD_AREA, "SIGSEGV", `no VMA at 0x${a.toString(16)}`);
  if (write ? !v.flags.has("WRITE") : !(v.flags.has("READ") || v.flags.has("WRITE") || v.flags.has("EXEC"))) {
    return signal(ACCESS_ERROR, "SIGSEGV", write ? "write to a VMA without VM_WRITE" : "access to an inaccessible VMA");
  }
  const idx = Math.floor((a - v.start) / PAGE);
  if (v.ptes.has(idx)) return ok(undefined);
  const r = faultPage(s, v, idx);
  if (r.ok && v.fault !== "ttm") {
    const objs = v.privGem !== null ? [vmaRef(v.id), gemRef(v.privGem)] : [vmaRef(v.id)];
    s.event("fault", objs, `page ${idx}`);
  }
  if (!r.ok && v.fault !== "ttm") s.event("fault", [vmaRef(v.id)], "signal");
  return r;
}

