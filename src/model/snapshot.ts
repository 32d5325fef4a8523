// The canonical final state as plain JSON-compatible data with stable key
// order: objects by label (the caller's names first, canonical labels for the
// rest), reverse maps with their intervals, hazards and the event log.
// Addresses and page offsets are hex strings.
import type { FieldValue, ObjRef } from "./api.js";
import { type KernelState, fileRef, gemRef, mrRefOf, procRef, spaceRef, vmaRef } from "./state.js";
import { eachField } from "./fields.js";

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
  const refs: ObjRef[] = [];
  for (const p of s.processes) refs.push(procRef(p.pid));
  for (const f of s.files) refs.push(fileRef(f.id));
  for (const g of s.gems) refs.push(gemRef(g.id));
  for (const v of s.vmas) refs.push(vmaRef(v.id));
  for (const m of s.mrs) refs.push(mrRefOf(m.id));
  for (const m of s.spaces) refs.push(spaceRef(m.id));
  return refs;
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

type Kind = ObjRef["kind"];

/** The snapshot's label of every object: the caller's name where it has one, else a canonical label. */
export class Labeller {
  /** Label by kind, then by id. */
  private readonly byKind = new Map<Kind, (string | undefined)[]>();
  /** Whether the caller named the object (it is then listed even when freed). */
  private readonly named = new Map<Kind, boolean[]>();

  constructor(
    s: KernelState,
    label: (ref: ObjRef) => string | undefined,
    readonly refs: ObjRef[] = allRefs(s),
  ) {
    const used = new Set<string>();
    for (const r of refs) {
      const l = label(r);
      if (l === undefined) continue;
      this.slot(this.named, r.kind)[r.id] = true;
      if (!used.has(l)) { this.slot(this.byKind, r.kind)[r.id] = l; used.add(l); }
    }
    for (const r of refs) {
      const ids = this.slot(this.byKind, r.kind);
      if (ids[r.id] !== undefined) continue;
      let l = canonical(s, r);
      if (used.has(l)) l = `${l}#${r.kind}${r.id}`;
      ids[r.id] = l;
      used.add(l);
    }
  }

  private slot<T>(m: Map<Kind, T[]>, kind: Kind): T[] {
    let ids = m.get(kind);
    if (ids === undefined) m.set(kind, (ids = []));
    return ids;
  }

  of(r: ObjRef): string {
    return this.byKind.get(r.kind)?.[r.id] ?? key(r);
  }

  isNamed(r: ObjRef): boolean {
    return this.named.get(r.kind)?.[r.id] === true;
  }
}

function render(v: FieldValue, L: Labeller, name: string): SnapshotValue {
  if (v !== null && typeof v === "object" && !Array.isArray(v)) return L.of(v);
  if (typeof v === "number" && (name === "start" || name === "end" || name === "pgoff")) return hex(v);
  return v;
}

function objects(s: KernelState, L: Labeller): Snapshot {
  const out: Snapshot = {};
  let entry: { [k: string]: SnapshotValue } = {};
  const put = (n: string, v: FieldValue) => (entry[n] = render(v, L, n));
  for (const r of L.refs) {
    if (!L.isNamed(r) && !isLive(s, r)) continue;
    entry = { kind: r.kind };
    eachField(s, r, put);
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

/** `STEP what objects: detail`, without the space an empty object list leaves before the colon. */
function eventLine(e: KernelState["events"][number], L: Labeller): string {
  let objs = "";
  for (let i = 0; i < e.objects.length; i++) objs += (i === 0 ? "" : " ") + L.of(e.objects[i]!);
  const line = `${e.step} ${e.what} ${objs}${e.detail === undefined ? "" : `: ${e.detail}`}`;
  return line.includes(" :") ? line.replace(/ +:/, ":") : line;
}

export function snapshot(s: KernelState, label: (ref: ObjRef) => string | undefined): Snapshot {
  const L = new Labeller(s, label);
  const knobs: Snapshot = {};
  for (const k of Object.keys(s.knobs.given).sort()) knobs[k] = s.knobs.given[k]!;
  return {
    profile: s.profile,
    knobs,
    objects: objects(s, L),
    mappings: mappings(s, L),
    hazards: s.hazards.map((h) => ({ kind: h.kind, objects: h.objects.map((o) => L.of(o)), step: h.step, message: h.message, cite: h.cite })),
    // One line per event, `STEP what objects: detail`, so a golden's log reads like a trace.
    events: s.events.map((e) => eventLine(e, L)),
  };
}
