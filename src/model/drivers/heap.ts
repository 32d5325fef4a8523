// The system dma-heap (/dev/dma_heap/system): DMA_HEAP_IOCTL_ALLOC exports a
// static dma-buf of freshly allocated pages; its mmap remaps every page at
// mmap time (VM_IO|VM_PFNMAP).
import type { Fd, Result } from "../api.js";
import { fail, ok, rule } from "../rules.js";
import { type KFile, type KernelState, type Process, PAGE, fileRef } from "../state.js";
import { installFd } from "../files.js";
import { dmaBufExport } from "../dmabuf.js";
import type { VmaDraft } from "../mm.js";
import { isCow } from "../vmflags.js";

export const HEAP_ALLOC = rule(
  "heap.alloc", "drivers/dma-buf/dma-heap.c: dma_heap_buffer_alloc", "all",
  "len is rounded up to pages; 0 gives EINVAL; the buffer's file gets fd_flags as its open mode",
);
export const HEAP_EXPORT = rule(
  "heap.system-allocate", "drivers/dma-buf/heaps/system_heap.c: system_heap_allocate", "all",
  "system heap buffers are exported with exp_name = the heap name (system) and static ops",
);
export const HEAP_MMAP = rule(
  "heap.system-mmap", "drivers/dma-buf/heaps/system_heap.c: system_heap_mmap", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "mmap remaps the buffer with remap_pfn_range at mmap time: VM_IO|VM_PFNMAP|VM_DONTEXPAND|VM_DONTDUMP, PTEs present at once (6.1/6.12 page by page, 7.2 one call per sg chunk)",
);
export const HEAP_HELPER_MMAP = rule(
  "heap.helper-mmap", "drivers/dma-buf/heaps/heap-helpers.c: dma_heap_mmap", ["linux-5.10"],
  "5.10 heap mmap refuses MAP_PRIVATE (EINVAL) and installs a fault handler that hands out the buffer's struct pages: a page-backed mapping",
);
export const HEAP_CHUNKS = rule(
  "heap.system-allocate-orders", "drivers/dma-buf/heaps/system_heap.c: alloc_largest_available", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "system heap buffers are built from 1 MiB, 64 KiB and 4 KiB chunks, largest first: one sg entry per chunk",
);
export const REMAP_PFN_COW = rule(
  "mm.remap-pfn-cow", "mm/memory.c: remap_pfn_range_internal", "all",
  "a COW mapping can only be remapped in one call covering the whole VMA (EINVAL otherwise); vm_pgoff becomes the pfn",
);

export function heapAlloc(s: KernelState, p: Process, len: number, mode: "rw" | "ro"): Result<Fd> {
  const pages = Math.ceil(len / PAGE);
  if (pages === 0) return fail(HEAP_ALLOC, "EINVAL", "len 0");
  const pfn = s.nextPfn;
  s.nextPfn += pages;
  const buf = dmaBufExport(s, {
    size: pages * PAGE, expName: s.traits.heapExpName, dynamic: false, mmap: "system-heap", priv: { kind: "heap", pfn },
    exporter: "system", owner: "system_heap", mode, origin: p.name,
  });
  s.event("heap_alloc", [fileRef(buf.id)], HEAP_EXPORT.id);
  return ok(installFd(p, buf.id));
}

/** The sg chunks of a buffer of `pages` pages, as [first page, pages] (orders 8, 4, 0). */
function chunks(pages: number): [number, number][] {
  const out: [number, number][] = [];
  let at = 0;
  for (const size of [256, 16, 1]) {
    while (pages - at >= size) {
      out.push([at, size]);
      at += size;
    }
  }
  return out;
}

/** A private mapping needs one remap call covering it: a page (6.1/6.12) or an sg chunk (7.2). */
function cowFits(s: KernelState, bufPages: number, first: number, n: number): boolean {
  if (s.traits.heapMmap === "remap-page") return n === 1;
  return chunks(bufPages).some(([at, size]) => first >= at && first + n <= at + size);
}

export function heapMmap(s: KernelState, f: KFile, d: VmaDraft): Result<void> {
  const buf = f.dmabuf!;
  const pfn = buf.priv.kind === "heap" ? buf.priv.pfn : 0;
  if (s.traits.heapMmap === "fault") {
    if (!d.flags.has("SHARED") && !d.flags.has("MAYSHARE")) return fail(HEAP_HELPER_MMAP, "EINVAL", "heap mappings must be shared");
    Object.assign(d, { priv: "heap", fault: "heap-pages", owner: "heap_helpers" });
    return ok(undefined);
  }
  const first = d.pgoff;
  if (isCow(d.flags)) {
    if (!cowFits(s, buf.size / PAGE, first, d.npages)) {
      return fail(REMAP_PFN_COW, "EINVAL", "a private mapping not covered by a single remap_pfn_range call");
    }
    d.pgoff = pfn + first;
  }
  for (const fl of ["IO", "PFNMAP", "DONTEXPAND", "DONTDUMP"] as const) d.flags.add(fl);
  d.premap = Array.from({ length: d.npages }, (_, i) => `pfn#${pfn + first + i}`);
  Object.assign(d, { priv: "none", fault: "premapped", owner: "system_heap" });
  return ok(undefined);
}
