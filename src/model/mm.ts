// Address spaces of processes: VMA placement (top-down, one-page gaps, never
// merged), linking a VMA into its file's f_mapping at its final vm_pgoff (the
// reverse map), munmap with its mmu-notifier and vm_ops->close effects,
// unmap_mapping_range over a reverse map, and VMA copies on fork.
import type { Addr, Pid, Result } from "./api.js";
import { fail, forProfile, ok, rule } from "./rules.js";
import {
  type FaultKind, type KernelState, type Process, type Pte, type Vma, type VmFlag, PAGE, fileRef, gemRef, indexAdd,
  indexRemove, spaceRef, treeOf, vmaRef,
} from "./state.js";
import { fput, getFile } from "./files.js";
import { gemGet, gemPut } from "./gem.js";
import { ttmGet, ttmPut } from "./drivers/ttm.js";
import { userptrInvalidate } from "./userptr.js";

export const VMA_LINK = rule(
  "mm.vma-link-file", "mm/vma.c: vma_link_file", ["linux-6.12", "linux-7.2"],
  "a VMA is linked into f_mapping of its final vm_file at its final vm_pgoff, after ->mmap returned",
);
export const VMA_LINK_OLD = rule(
  "mm.vma-link-file-old", "mm/mmap.c: __vma_link_file", ["linux-5.10", "linux-6.1"],
  "a VMA is linked into f_mapping of its final vm_file at its final vm_pgoff, after ->mmap returned",
);
export const MUNMAP_EINVAL = rule(
  "mm.munmap-einval", "mm/vma.c: do_vmi_munmap", ["linux-6.12", "linux-7.2"], "munmap of an unaligned address or an empty range gives EINVAL",
);
export const MUNMAP_EINVAL_OLD = rule(
  "mm.munmap-einval-old", "mm/mmap.c: __vm_munmap", ["linux-5.10", "linux-6.1"], "munmap of an unaligned address or an empty range gives EINVAL",
);
export const REMOVE_VMA = rule(
  "mm.remove-vma", "mm/vma.c: remove_vma", ["linux-6.12", "linux-7.2"],
  "unmapping a VMA runs vm_ops->close (dropping the GEM/BO reference it holds) and then drops its vm_file reference",
);
export const REMOVE_VMA_OLD = rule(
  "mm.remove-vma-old", "mm/mmap.c: remove_vma", ["linux-5.10", "linux-6.1"],
  "unmapping a VMA runs vm_ops->close (dropping the GEM/BO reference it holds) and then drops its vm_file reference",
);
export const UNMAP_MAPPING_RANGE = rule(
  "mm.unmap-mapping-range", "mm/memory.c: unmap_mapping_range", "all",
  "zaps exactly the VMAs linked into the address_space whose [vm_pgoff, vm_pgoff+npages-1] overlaps the range",
);
export const DUP_MMAP = rule(
  "mm.dup-mmap", "kernel/fork.c: dup_mmap", ["linux-5.10", "linux-6.1", "linux-6.12"],
  "fork copies every VMA with a vm_file reference and vm_ops->open, without VM_LOCKED; PTEs are copied only for PFNMAP/MIXEDMAP or anonymous VMAs",
);
export const DUP_MMAP_MM = rule(
  "mm.dup-mmap-mm", "mm/mmap.c: dup_mmap", ["linux-7.2"],
  "7.2 (dup_mmap moved to mm/): fork copies every VMA with a vm_file reference and vm_ops->open, without VM_LOCKED; PTEs are copied only for PFNMAP/MIXEDMAP or anonymous VMAs",
);
export const TTM_VM_OPEN = rule(
  "ttm.vm-open-warn", "drivers/gpu/drm/ttm/ttm_bo_vm.c: ttm_bo_vm_open", "all",
  "ttm_bo_vm_open takes a BO reference and WARNs when vm_file's f_mapping is not the TTM device mapping",
);

export interface VmaDraft {
  pid: Pid;
  npages: number;
  flags: Set<VmFlag>;
  file: number;
  pgoff: number;
  owner: string;
  priv: string;
  privGem: number | null;
  hold: "gem" | "ttm" | null;
  fault: FaultKind;
  /** PTEs installed at mmap time (remap_pfn_range), by page index */
  premap: string[] | null;
  /** forward-mmap=no-pgoff-translate: vm_pgoff stays what the importer's mmap had */
  keepPgoff?: boolean;
}

export function vmaAt(_s: KernelState, p: Process, addr: Addr): Vma | undefined {
  return p.vmas.at(addr);
}

/** Installs a PTE, indexing the VMA under the GEM object it maps (for the move and free checks). */
export function setPte(s: KernelState, v: Vma, idx: number, pte: Pte): void {
  v.ptes.set(idx, pte);
  if (pte.gem !== undefined) indexAdd(s.gemVmas, pte.gem, v.id);
  s.dirty.vmas.add(v.id);
}

/** Links a new VMA into its process, its address space's reverse map and the object indexes. */
function linkVma(s: KernelState, p: Process, v: Vma): void {
  p.vmas.insert(v);
  linkMapping(s, v);
  if (v.privGem !== null) indexAdd(s.gemVmas, v.privGem, v.id);
  for (const pte of v.ptes.values()) if (pte.gem !== undefined) indexAdd(s.gemVmas, pte.gem, v.id);
  s.dirty.vmas.add(v.id);
}

export function vmaPages(v: Vma): number {
  return (v.end - v.start) / PAGE;
}

/** get_unmapped_area, top-down: the new VMA ends one page below the previous one. */
function place(p: Process, npages: number): Addr {
  const start = p.cursor - npages * PAGE;
  p.cursor = start - PAGE;
  return start;
}

function newVma(s: KernelState, init: Omit<Vma, "id" | "alive" | "ptes">): Vma {
  const v: Vma = { ...init, id: s.vmas.length + 1, alive: true, ptes: new Map() };
  s.vmas.push(v);
  return v;
}

/** Commits a file-backed VMA whose ->mmap succeeded: refs taken, linked into the reverse map. */
export function commitVma(s: KernelState, p: Process, d: VmaDraft): Vma {
  const start = place(p, d.npages);
  getFile(s, d.file);
  if (d.hold === "gem" && d.privGem !== null) gemGet(s, d.privGem);
  if (d.hold === "ttm" && d.privGem !== null) ttmGet(s, d.privGem);
  const v = newVma(s, {
    pid: p.pid, start, end: start + d.npages * PAGE, flags: d.flags, file: d.file, pgoff: d.pgoff,
    mapping: s.file(d.file).mapping, owner: d.owner, priv: d.priv, privGem: d.privGem, hold: d.hold,
    fault: d.fault, anon: null,
  });
  d.premap?.forEach((backing, i) => v.ptes.set(i, { backing }));
  linkVma(s, p, v);
  s.event("mmap", [vmaRef(v.id), fileRef(d.file), spaceRef(v.mapping!)], `pgoff 0x${d.pgoff.toString(16)}`);
  return v;
}

export function anonVma(s: KernelState, p: Process, npages: number, flags: Set<VmFlag>): Vma {
  const start = place(p, npages);
  const v = newVma(s, {
    pid: p.pid, start, end: start + npages * PAGE, flags, file: null, pgoff: start / PAGE, mapping: null,
    owner: "anon", priv: "none", privGem: null, hold: null, fault: "anon", anon: ++s.anonCounter,
  });
  linkVma(s, p, v);
  s.event("mmap", [vmaRef(v.id)], "anonymous");
  return v;
}

function linkMapping(s: KernelState, v: Vma): void {
  if (v.mapping === null) return;
  indexAdd(s.spaceVmas, v.mapping, v.id);
  treeOf(s.spaceTree, v.mapping).add(v.id, v.pgoff, v.pgoff + vmaPages(v) - 1);
}

function unlinkMapping(s: KernelState, v: Vma): void {
  if (v.mapping === null) return;
  indexRemove(s.spaceVmas, v.mapping, v.id);
  s.spaceTree.get(v.mapping)?.remove(v.id, v.pgoff, v.pgoff + vmaPages(v) - 1);
}

/** Removes a whole VMA: notifiers, PTEs, reverse map, vm_ops->close, vm_file. */
export function removeVma(s: KernelState, v: Vma): void {
  const p = s.process(v.pid)!;
  userptrInvalidate(s, v.pid, v.start, v.end);
  for (const pte of v.ptes.values()) if (pte.gem !== undefined) indexRemove(s.gemVmas, pte.gem, v.id);
  if (v.privGem !== null) indexRemove(s.gemVmas, v.privGem, v.id);
  v.ptes.clear();
  v.alive = false;
  p.vmas.remove(v);
  unlinkMapping(s, v);
  s.dirty.vmas.add(v.id);
  s.event("munmap", [vmaRef(v.id)]);
  if (v.hold === "gem" && v.privGem !== null) gemPut(s, v.privGem);
  if (v.hold === "ttm" && v.privGem !== null) ttmPut(s, v.privGem);
  if (v.file !== null) fput(s, v.file);
}

export function munmap(s: KernelState, p: Process, addr: Addr, len?: number): Result<void> {
  const einval = forProfile(s.profile, MUNMAP_EINVAL, MUNMAP_EINVAL_OLD);
  if (addr % PAGE !== 0) return fail(einval, "EINVAL", "munmap address is not page aligned");
  if (len === undefined) {
    const v = vmaAt(s, p, addr);
    if (v) removeVma(s, v);
    return ok(undefined);
  }
  const end = addr + Math.ceil(len / PAGE) * PAGE;
  if (end === addr) return fail(einval, "EINVAL", "munmap of an empty range");
  for (const v of p.vmas.overlapping(addr, end)) {
    const w = v.start < addr ? splitVma(s, v, addr) : v;
    if (w.end > end) splitVma(s, w, end);
    removeVma(s, w);
  }
  return ok(undefined);
}

/** __split_vma: the tail [at, end) becomes a new VMA with its own references (vm_ops->open); returns the tail. */
function splitVma(s: KernelState, v: Vma, at: Addr): Vma {
  const p = s.process(v.pid)!;
  const cut = (at - v.start) / PAGE;
  const tail = newVma(s, { ...v, start: at, pgoff: v.pgoff + cut, flags: new Set(v.flags) });
  for (const [i, pte] of v.ptes) if (i >= cut) { tail.ptes.set(i - cut, pte); v.ptes.delete(i); }
  unlinkMapping(s, v);
  v.end = at;
  linkMapping(s, v);
  if (tail.file !== null) getFile(s, tail.file);
  if (tail.hold === "gem" && tail.privGem !== null) gemGet(s, tail.privGem);
  if (tail.hold === "ttm" && tail.privGem !== null) ttmGet(s, tail.privGem);
  linkVma(s, p, tail);
  s.event("vma_split", [vmaRef(v.id), vmaRef(tail.id)]);
  return tail;
}

/** An in-place grow by `npages` at the top (mremap without MREMAP_MAYMOVE): relinked at its new length. */
export function expandVma(s: KernelState, v: Vma, npages: number): void {
  unlinkMapping(s, v);
  v.end += npages * PAGE;
  linkMapping(s, v);
  s.dirty.vmas.add(v.id);
  s.event("mremap", [vmaRef(v.id)], `grown in place by ${npages * PAGE} bytes`);
}

/** unmap_mapping_range(mapping, first, n): returns the VMAs whose interval overlapped. */
export function unmapMappingRange(s: KernelState, mapping: number, first: number, n: number): number[] {
  const last = first + n - 1;
  const hit: number[] = [];
  for (const id of s.spaceTree.get(mapping)?.candidates(first, last) ?? []) {
    const v = s.vma(id);
    const vLast = v.pgoff + vmaPages(v) - 1;
    if (vLast < first || v.pgoff > last) continue;
    for (const i of [...v.ptes.keys()]) {
      const pg = v.pgoff + i;
      if (pg >= first && pg <= last) v.ptes.delete(i);
    }
    hit.push(v.id);
    s.event("zap", [vmaRef(v.id), spaceRef(mapping)], `pages 0x${first.toString(16)}+${n}`);
  }
  return hit;
}

/** dup_mmap for one VMA into the child. */
export function forkVma(s: KernelState, v: Vma, child: Process): void {
  const c = newVma(s, { ...v, pid: child.pid, flags: new Set(v.flags) });
  c.flags.delete("LOCKED"); // dup_mmap: a child does not inherit mlock
  if (v.flags.has("PFNMAP") || v.flags.has("MIXEDMAP") || v.fault === "anon") {
    for (const [i, pte] of v.ptes) c.ptes.set(i, { ...pte });
  }
  if (c.file !== null) getFile(s, c.file);
  if (c.hold === "gem" && c.privGem !== null) gemGet(s, c.privGem);
  if (c.hold === "ttm" && c.privGem !== null) {
    ttmGet(s, c.privGem);
    const dev = s.device(s.gem(c.privGem).device);
    if (c.file !== null && dev && s.file(c.file).mapping !== dev.mapping) {
      s.event("warn", [vmaRef(c.id), gemRef(c.privGem)], TTM_VM_OPEN.id);
    }
  }
  linkVma(s, child, c);
}
