// The model's own invariants, checked after every step (and at the end for
// leaked pins). A violation is recorded as a hazard, never thrown: stale PTEs
// and stale DMA mappings after a move, references to freed objects, pins no
// live object owns. Refcount underflows are recorded where the put happens.
// After a step only what the step touched is looked at (the dirty sets and
// the objects indexed under them); `finish` looks at everything once.
import type { ObjRef } from "./api.js";
import { rule } from "./rules.js";
import { type Attachment, type KernelState, type Vma, fileRef, gemRef, vmaRef } from "./state.js";

export const STALE_PTE = rule(
  "hazard.stale-pte", "mm/memory.c: unmap_mapping_range", "all",
  "a PTE still maps a placement its object has left: the move's zap did not reach the VMA",
);
export const STALE_SGT = rule(
  "hazard.stale-sgt", "drivers/dma-buf/dma-buf.c: dma_buf_move_notify", "all",
  "an attachment's mapping points at a placement the buffer left without its importer being told",
);
export const UAF = rule(
  "hazard.use-after-free", "drivers/gpu/drm/drm_gem.c: drm_gem_object_free", "all",
  "a live VMA, fd, handle or attachment reaches an object already freed",
);
export const LEAKED_PIN = rule(
  "hazard.leaked-pin", "mm/gup.c: unpin_user_pages", "all", "pinned pages that no live object owns at the end of the run",
);

function uaf(s: KernelState, objects: ObjRef[], message: string): void {
  s.hazard({ kind: "use-after-free", objects, message, cite: UAF.cite });
}

function checkVma(s: KernelState, v: Vma): void {
  if (!v.alive) return;
  if (v.file !== null && !s.file(v.file).alive) uaf(s, [vmaRef(v.id), fileRef(v.file)], "VMA maps a released file");
  if (v.privGem !== null && !s.gem(v.privGem).alive) uaf(s, [vmaRef(v.id), gemRef(v.privGem)], "VMA's private data is a freed object");
  for (const pte of v.ptes.values()) {
    if (pte.gem === undefined) continue;
    const g = s.gem(pte.gem);
    if (!g.alive) uaf(s, [vmaRef(v.id), gemRef(g.id)], "PTE maps memory of a freed object");
    else if (pte.gen !== g.gen) {
      s.hazard({ kind: "stale-pte", objects: [vmaRef(v.id), gemRef(g.id)], message: `PTE maps the placement of generation ${pte.gen ?? 0}, the object is at ${g.gen}`, cite: STALE_PTE.cite });
    }
  }
}

function checkAttachment(s: KernelState, a: Attachment): void {
  if (!a.alive) return;
  const f = s.file(a.dmabuf);
  if (!f.alive) return uaf(s, [fileRef(f.id)], "attachment to a released dma-buf");
  const priv = f.dmabuf!.priv;
  if (a.mapped && priv.kind === "gem" && s.gem(priv.gem).gen !== a.mappedGen) {
    s.hazard({ kind: "stale-sgt", objects: [fileRef(f.id), gemRef(priv.gem)], message: `${a.importer}'s mapping predates a move`, cite: STALE_SGT.cite });
  }
}

function checkDrmFile(s: KernelState, fileId: number): void {
  const f = s.file(fileId);
  if (!f.alive || !f.drm) return;
  for (const id of f.drm.handles.values()) if (s.gem(id).gemDead) uaf(s, [fileRef(f.id), gemRef(id)], "handle names a freed object");
}

/** After a step: the VMAs, attachments and files the step touched, and those indexed under the GEM objects it moved or freed. */
export function checkInvariants(s: KernelState): void {
  const { gems, vmas, files, attachments } = s.dirty;
  for (const g of gems) {
    for (const v of s.gemVmas.get(g) ?? []) vmas.add(v);
    for (const f of s.gemDmaBufs.get(g) ?? []) for (const a of s.file(f).dmabuf!.attachments) attachments.add(a);
  }
  for (const f of files) {
    const buf = s.file(f).dmabuf;
    if (buf) for (const a of buf.attachments) attachments.add(a);
  }
  for (const id of [...vmas].sort((a, b) => a - b)) checkVma(s, s.vma(id));
  for (const id of [...attachments].sort((a, b) => a - b)) checkAttachment(s, s.attachment(id));
  gems.clear();
  vmas.clear();
  files.clear();
  attachments.clear();
}

/** Once, at the end: every live object. */
export function checkAll(s: KernelState): void {
  for (const v of s.vmas) checkVma(s, v);
  for (const f of s.files) checkDrmFile(s, f.id);
  for (const a of s.attachments) checkAttachment(s, a);
  for (const p of s.processes) {
    if (!p.alive) continue;
    for (const id of p.fds.values()) if (!s.file(id).alive) uaf(s, [fileRef(id)], "fd refers to a released file");
  }
}

function ownerAlive(s: KernelState, o: ObjRef): boolean {
  switch (o.kind) {
    case "mr": return s.mrs[o.id - 1]?.alive ?? false;
    case "file": return s.files[o.id - 1]?.alive ?? false;
    case "gem": { const g = s.gems[o.id - 1]; return !!g && g.alive && !g.gemDead; }
    default: return true;
  }
}

/** Exporter pins accounted for by live attachments of the object's dma-bufs, plus driver pins. */
function pinHolders(s: KernelState, gemId: number): number {
  let n = s.gem(gemId).driverPins;
  for (const f of s.gemDmaBufs.get(gemId) ?? []) {
    for (const id of s.file(f).dmabuf!.attachments) n += s.attachment(id).pins;
  }
  return n;
}

export function checkLeakedPins(s: KernelState): void {
  for (const p of s.pins) {
    if (p.released || ownerAlive(s, p.owner)) continue;
    s.hazard({ kind: "leaked-pin", objects: [p.owner], message: `${p.pages} pages still pinned by a dead owner`, cite: LEAKED_PIN.cite });
  }
  for (const g of s.gems) {
    if (!g.alive || g.pinCount === 0) continue;
    const holders = pinHolders(s, g.id);
    if (g.pinCount > holders) {
      s.hazard({ kind: "leaked-pin", objects: [gemRef(g.id)], message: `BO pin count ${g.pinCount} but ${holders} pins held by attachments and drivers`, cite: LEAKED_PIN.cite });
    }
  }
}
