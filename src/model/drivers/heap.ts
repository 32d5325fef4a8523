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
  "heap.system-mmap", "drivers/dma-buf/heaps/system_heap.c: system_heap_mmap", ["linux-6.1", "linux-6.12"],
  "mmap remaps each page with remap_pfn_range: VM_IO|VM_PFNMAP|VM_DONTEXPAND|VM_DONTDUMP, PTEs present at once",
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
    size: pages * PAGE, expName: "system", dynamic: false, mmap: "system-heap", priv: { kind: "heap", pfn },
    exporter: "system", owner: "system_heap", mode, origin: p.name,
  });
  s.event("heap_alloc", [fileRef(buf.id)], HEAP_EXPORT.id);
  return ok(installFd(p, buf.id));
}

export function heapMmap(f: KFile, d: VmaDraft): Result<void> {
  const buf = f.dmabuf!;
  const pfn = buf.priv.kind === "heap" ? buf.priv.pfn : 0;
  if (isCow(d.flags)) {
    if (d.npages !== 1) return fail(REMAP_PFN_COW, "EINVAL", "a private mapping of more than one page cannot be remapped page by page");
    d.pgoff = pfn + d.pgoff;
  }
  for (const fl of ["IO", "PFNMAP", "DONTEXPAND", "DONTDUMP"] as const) d.flags.add(fl);
  const first = isCow(d.flags) ? d.pgoff - pfn : d.pgoff;
  d.premap = Array.from({ length: d.npages }, (_, i) => `pfn#${pfn + first + i}`);
  Object.assign(d, { priv: "none", fault: "premapped", owner: "system_heap" });
  return ok(undefined);
}
