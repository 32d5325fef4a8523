// Long-lived page pins and their owners (an MR, a udmabuf, an i915 userptr
// object): taken when the owner pins, released when it unpins or dies. At the
// end of a run a pin still held by a dead owner is a leaked pin.
import type { ObjRef } from "./api.js";
import type { KernelState } from "./state.js";

const same = (a: ObjRef, b: ObjRef) => a.kind === b.kind && a.id === b.id;

export function pinTake(s: KernelState, owner: ObjRef, pages: number): void {
  s.pins.push({ owner, pages, released: false });
}

export function pinRelease(s: KernelState, owner: ObjRef): void {
  for (const p of s.pins) if (!p.released && same(p.owner, owner)) p.released = true;
}

/** Pages currently pinned by `owner`. */
export function pinnedBy(s: KernelState, owner: ObjRef): number {
  let n = 0;
  for (const p of s.pins) if (!p.released && same(p.owner, owner)) n += p.pages;
  return n;
}
