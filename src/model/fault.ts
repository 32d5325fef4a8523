// CPU access to a user address: the page-fault path per mapping kind
// (anonymous, shmem, TTM, shmem helper, page-backed GEM, i915 CPU mmap,
// udmabuf, heap), filling PTEs that record what they point at (object,
// placement, generation) so a later move can tell a stale PTE from a live one.
// GUP and HMM fault pages in through the same path.
import type { Addr, Result } from "./api.js";
import { ok, rule, signal } from "./rules.js";
import { type KernelState, type Process, type Vma, PAGE, gemRef, vmaRef } from "./state.js";
import { setPte, vmaAt } from "./mm.js";
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
  "shmem-helper.fault", "drivers/gpu/drm/drm_gem_shmem_helper.c: drm_gem_shmem_fault", "all",
  "the shmem helper picks the page from the address relative to vm_start and ignores vm_pgoff (pfn insert from 6.1, struct page on 5.10); past the object is SIGBUS",
);
export const VGEM_FAULT = rule(
  "vgem.fault", "drivers/gpu/drm/vgem/vgem_drv.c: vgem_gem_fault", ["linux-5.10"],
  "5.10 vgem hands out the object's shmem page for the address relative to vm_start; past the object is SIGBUS",
);
export const I915_FAULT_CPU = rule(
  "i915.fault-cpu", "drivers/gpu/drm/i915/gem/i915_gem_mman.c: vm_fault_cpu", "all",
  "the first fault of an i915 CPU mmap remaps the whole VMA",
);
export const UDMABUF_FAULT = rule(
  "udmabuf.fault", "drivers/dma-buf/udmabuf.c: udmabuf_vm_fault", "all",
  "udmabuf maps memfd page vmf->pgoff (a struct page on 5.10/6.1, a pfn from 6.12); beyond the buffer is SIGBUS",
);
export const HEAP_FAULT = rule(
  "heap.helper-fault", "drivers/dma-buf/heaps/heap-helpers.c: dma_heap_vm_fault", ["linux-5.10"],
  "5.10 heap mappings fault the buffer's struct page for vmf->pgoff in; beyond the buffer is SIGBUS",
);
export const DO_FAULT_NO_HANDLER = rule(
  "fault.no-handler", "mm/memory.c: do_fault", "all", "a missing PTE in a VMA whose vm_ops has no ->fault is SIGBUS",
);

function shmemSizePages(s: KernelState, v: Vma): number {
  const f = s.file(v.file!);
  if (f.memfd) return f.memfd.size / PAGE;
  if (f.shmemOf !== undefined) return s.gem(f.shmemOf).size / PAGE;
  return Number.MAX_SAFE_INTEGER;
}

/** A page of the GEM object behind the VMA, chosen by the address (pgoff ignored). */
function gemPage(s: KernelState, v: Vma, idx: number): Result<void> {
  const g = s.gem(v.privGem!);
  if (idx >= g.size / PAGE) {
    return signal(v.owner === "vgem" ? VGEM_FAULT : SHMEM_HELPER_FAULT, "SIGBUS", "page past the end of the object");
  }
  setPte(s, v, idx, { backing: `gem#${g.id}:${idx}`, gem: g.id, gen: g.gen });
  return ok(undefined);
}

/** The fault handler of the VMA for page `idx` (handle_mm_fault). */
export function faultPage(s: KernelState, v: Vma, idx: number): Result<void> {
  switch (v.fault) {
    case "anon": setPte(s, v, idx, { backing: `anon#${v.anon}:${v.start / PAGE + idx}` }); return ok(undefined);
    case "shmem":
      if (v.pgoff + idx >= shmemSizePages(s, v)) return signal(SHMEM_FAULT, "SIGBUS", "access beyond the end of the shmem file");
      setPte(s, v, idx, { backing: `shm#${v.mapping}:${v.pgoff + idx}` });
      return ok(undefined);
    case "ttm": return ttmFault(s, v, idx);
    case "shmem-helper":
    case "gem-pages": return gemPage(s, v, idx);
    case "i915-cpu": {
      const g = s.gem(v.privGem!);
      const n = (v.end - v.start) / PAGE;
      for (let i = 0; i < n; i++) setPte(s, v, i, { backing: `gem#${g.id}:${i}`, gem: g.id, gen: g.gen });
      return ok(undefined);
    }
    case "udmabuf": return udmabufFault(s, v, idx);
    case "heap-pages": return heapFault(s, v, idx);
    case "premapped": return signal(DO_FAULT_NO_HANDLER, "SIGBUS", "the remapped PTE is gone and the VMA has no fault handler");
  }
}

/** A page present after GUP/HMM faulted it in: its identity (the PTE's backing). */
export function populate(s: KernelState, v: Vma, idx: number): Result<string> {
  const have = v.ptes.get(idx);
  if (have) return ok(have.backing);
  const r = faultPage(s, v, idx);
  return r.ok ? ok(v.ptes.get(idx)!.backing) : r;
}

function udmabufFault(s: KernelState, v: Vma, idx: number): Result<void> {
  const buf = s.file(v.file!).dmabuf!;
  const pg = v.pgoff + idx;
  if (buf.priv.kind !== "udmabuf" || pg >= buf.size / PAGE) return signal(UDMABUF_FAULT, "SIGBUS", "page beyond the udmabuf");
  const { memfdMapping, firstPage } = buf.priv;
  const fill = (i: number, p: number) => setPte(s, v, i, { backing: `shm#${memfdMapping}:${firstPage + p}` });
  fill(idx, pg);
  if (s.traits.udmabufPrefault) {
    const n = (v.end - v.start) / PAGE;
    for (let i = 0; i < n && v.pgoff + i < buf.size / PAGE; i++) fill(i, v.pgoff + i);
  }
  return ok(undefined);
}

function heapFault(s: KernelState, v: Vma, idx: number): Result<void> {
  const buf = s.file(v.file!).dmabuf!;
  const pg = v.pgoff + idx;
  if (buf.priv.kind !== "heap" || pg >= buf.size / PAGE) return signal(HEAP_FAULT, "SIGBUS", "page beyond the heap buffer");
  setPte(s, v, idx, { backing: `pfn#${buf.priv.pfn + pg}` });
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
