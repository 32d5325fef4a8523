// The canonical final state as plain JSON-compatible data with stable key
// order: objects by label (the caller's names first, canonical labels for the
// rest), reverse maps with their intervals, hazards and the event log.
// Addresses and page offsets are hex strings.
import type { FieldValue, ObjRef } from "./api.js";
import { type KernelState, fileRef, gemRef, mrRefOf, procRef, spaceRef, vmaRef } from "./state.js";
import { allFields } from "./fields.js";

export type SnapshotValue = string | number | boolean | null | SnapshotValue[] | { [key: string]: SnapshotValue };
export type Snapshot = { [key: string]: SnapshotValue };

const key = (r: ObjRef) => `${r.kind}:${r.id}`;
const hex = (n: number) => `0x${n.toString(16)}`;

function canonical(s: KernelState, r: ObjRef): string {
  switch (r.kind) {
    case "process": return `process(${s.process(r.id)!.name})`;
    case "gem": return `gem#${r.id}(${s.gem(r.id).device})`;
    case "vma": return `vma#${r.id}`;
    case "mr": return `mr#${r.id}`;
    case "mapping": return `mapping(${s.spaces[r.id - 1]!.label})`;
    case "file": {
      const f = s.file(r.id);
      if (f.type === "drm") return `drm-file(${f.origin})`;
      if (f.type === "misc") return `dev-file(${f.origin})`;
      if (f.type === "anon_inode") return `i915.gem(${f.origin})#${f.id}`;
      if (f.type === "shmem") return `shmem(${f.origin})`;
      return `${f.type}#${f.id}`;
    }
  }
}

/** Every object the model knows, in a fixed kind order and creation order. */
function allRefs(s: KernelState): ObjRef[] {
  return [
    ...s.processes.map((p) => procRef(p.pid)),
    ...s.files.map((f) => fileRef(f.id)),
    ...s.gems.map((g) => gemRef(g.id)),
    ...s.vmas.map((v) => vmaRef(v.id)),
    ...s.mrs.map((m) => mrRefOf(m.id)),
    ...s.spaces.map((m) => spaceRef(m.id)),
  ];
}

function isLive(s: KernelState, r: ObjRef): boolean {
  switch (r.kind) {
    case "process": return s.process(r.id)!.alive;
    case "file": return s.file(r.id).alive;
    case "gem": return s.gem(r.id).alive;
    case "vma": return s.vma(r.id).alive;
    case "mr": return s.mrs[r.id - 1]!.alive;
    case "mapping": return s.spaces[r.id - 1]!.alive && (s.spaceVmas.has(r.id) || s.spaceFiles.has(r.id));
  }
}

export class Labeller {
  private readonly names = new Map<string, string>();

  constructor(s: KernelState, label: (ref: ObjRef) => string | undefined) {
    const used = new Set<string>();
    const refs = allRefs(s);
    for (const r of refs) {
      const l = label(r);
      if (l !== undefined && !used.has(l)) { this.names.set(key(r), l); used.add(l); }
    }
    for (const r of refs) {
      if (this.names.has(key(r))) continue;
      let l = canonical(s, r);
      if (used.has(l)) l = `${l}#${r.kind}${r.id}`;
      this.names.set(key(r), l);
      used.add(l);
    }
  }

  of(r: ObjRef): string {
    return this.names.get(key(r)) ?? key(r);
  }
}

function render(v: FieldValue, L: Labeller, name: string): SnapshotValue {
  if (v !== null && typeof v === "object" && !Array.isArray(v)) return L.of(v);
  if (typeof v === "number" && (name === "start" || name === "end" || name === "pgoff")) return hex(v);
  return v;
}

function objects(s: KernelState, L: Labeller, labelled: Set<string>): Snapshot {
  const out: Snapshot = {};
  for (const r of allRefs(s)) {
    if (!labelled.has(key(r)) && !isLive(s, r)) continue;
    const entry: { [k: string]: SnapshotValue } = { kind: r.kind };
    for (const [n, v] of Object.entries(allFields(s, r))) entry[n] = render(v, L, n);
    out[L.of(r)] = entry;
  }
  return out;
}

function mappings(s: KernelState, L: Labeller): Snapshot {
  const out: Snapshot = {};
  for (const sp of s.spaces) {
    const ids = s.spaceVmas.get(sp.id);
    if (!ids) continue;
    const vmas = [...ids].map((id) => s.vma(id)).sort((a, b) => a.pgoff - b.pgoff || a.id - b.id);
    out[L.of(spaceRef(sp.id))] = vmas.map((v) => ({
      vma: L.of(vmaRef(v.id)), first: hex(v.pgoff), last: hex(v.pgoff + (v.end - v.start) / 4096 - 1),
    }));
  }
  return out;
}

export function snapshot(s: KernelState, label: (ref: ObjRef) => string | undefined): Snapshot {
  const L = new Labeller(s, label);
  const labelled = new Set(allRefs(s).filter((r) => label(r) !== undefined).map(key));
  const knobs: Snapshot = {};
  for (const k of Object.keys(s.knobs.given).sort()) knobs[k] = s.knobs.given[k]!;
  return {
    profile: s.profile,
    knobs,
    objects: objects(s, L, labelled),
    mappings: mappings(s, L),
    hazards: s.hazards.map((h) => ({ kind: h.kind, objects: h.objects.map((o) => L.of(o)), step: h.step, message: h.message, cite: h.cite })),
    // One line per event, `STEP what objects: detail`, so a golden's log reads like a trace.
    events: s.events.map((e) => `${e.step} ${e.what} ${e.objects.map((o) => L.of(o)).join(" ")}${e.detail === undefined ? "" : `: ${e.detail}`}`.replace(/ +:/, ":")),
  };
}
