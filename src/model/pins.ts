// Long-lived page pins and their owners (an MR, a udmabuf, an i915 userptr
// object): taken when the owner pins, released when it unpins or dies. At the
// end of a run a pin still held by a dead owner is a leaked pin.
import type { ObjRef } from "./api.js";
import type { KernelState, PinRecord } from "./state.js";

const key = (o: ObjRef) => `${o.kind}:${o.id}`;

export function pinTake(s: KernelState, owner: ObjRef, pages: number): void {
  const rec: PinRecord = { owner, pages, released: false };
  s.pins.push(rec);
  const list = s.pinsByOwner.get(key(owner));
  if (list) list.push(rec);
  else s.pinsByOwner.set(key(owner), [rec]);
}

export function pinRelease(s: KernelState, owner: ObjRef): void {
  for (const p of s.pinsByOwner.get(key(owner)) ?? []) p.released = true;
  s.pinsByOwner.delete(key(owner));
}

/** Pages currently pinned by `owner`. */
export function pinnedBy(s: KernelState, owner: ObjRef): number {
  let n = 0;
  for (const p of s.pinsByOwner.get(key(owner)) ?? []) n += p.pages;
  return n;
}
