// The fields an expectation can read, per object kind, with their kernel
// meaning documented in SCHEMA.md. A freed object reads refs == 0 and has no
// other field.
import type { FieldValue, ObjRef } from "./api.js";
import { type Gem, type KFile, type KernelState, type Mr, type Vma, PAGE, fileRef, procRef, spaceRef } from "./state.js";
import { flagList } from "./vmflags.js";
import { pinnedBy } from "./pins.js";
import { vmaAt } from "./mm.js";
import { lockedVm } from "./memlock.js";
import { resvOf, resvOfDmaBuf, unsignaledFences } from "./drivers/vgem-fence.js";
import { syncFileFences } from "./sync-file.js";

type Getter<T> = (s: KernelState, o: T) => FieldValue | undefined;

const FILE: Record<string, Getter<KFile>> = {
  refs: (_s, f) => f.f_count,
  type: (_s, f) => f.type,
  mapping: (_s, f) => spaceRef(f.mapping),
  owner: (_s, f) => f.owner,
  mode: (_s, f) => f.mode,
  size: (s, f) => f.dmabuf?.size ?? f.memfd?.size ?? (f.shmemOf !== undefined ? s.gem(f.shmemOf).size : undefined),
  exp_name: (_s, f) => f.dmabuf?.expName,
  attachments: (_s, f) => f.dmabuf?.attachments.length,
  device: (_s, f) => f.drm?.device ?? f.device,
  handles: (_s, f) => f.drm?.handles.size,
  seals: (_s, f) => (f.memfd ? [...f.memfd.seals].sort() : undefined),
  fences: (s, f) => (f.dmabuf ? unsignaledFences(s, resvOfDmaBuf(f)) : f.sync ? syncFileFences(s, f) : undefined),
};

const GEM: Record<string, Getter<Gem>> = {
  refs: (_s, g) => g.refcount,
  ttm_refs: (_s, g) => g.ttmRefs ?? undefined,
  handles: (_s, g) => g.handleCount,
  domain: (_s, g) => g.domain,
  size: (_s, g) => g.size,
  pins: (_s, g) => (g.ttmRefs !== null ? g.pinCount : g.pinnedPages),
  exported: (_s, g) => (g.dmaBuf !== null ? fileRef(g.dmaBuf) : null),
  imported: (_s, g) => g.importAttach !== null,
  userptr: (_s, g) => g.userptr !== null,
  valid: (_s, g) => g.userptr?.valid,
  device: (_s, g) => g.device,
  fences: (s, g) => unsignaledFences(s, resvOf(s, g)),
};

const VMA: Record<string, Getter<Vma>> = {
  refs: () => 1,
  file: (_s, v) => (v.file !== null ? fileRef(v.file) : null),
  pgoff: (_s, v) => v.pgoff,
  flags: (_s, v) => flagList(v.flags),
  ptes: (_s, v) => v.ptes.size,
  mapping: (_s, v) => (v.mapping !== null ? spaceRef(v.mapping) : null),
  owner: (_s, v) => v.owner,
  start: (_s, v) => v.start,
  end: (_s, v) => v.end,
  private: (_s, v) => v.priv,
  process: (_s, v) => procRef(v.pid),
};

/** A dma-buf MR is valid while its attachment holds a mapping of the buffer's current placement. */
function dmabufMrValid(s: KernelState, mr: Mr): boolean {
  const a = s.attachment(mr.dmabuf!.attach);
  const priv = s.file(a.dmabuf).dmabuf!.priv;
  return a.mapped && (priv.kind !== "gem" || s.gem(priv.gem).gen === a.mappedGen);
}

function mrValid(s: KernelState, mr: Mr): boolean {
  if (mr.dmabuf) return dmabufMrValid(s, mr);
  const p = s.process(mr.pid);
  if (!p || !p.alive) return false;
  const first = Math.floor(mr.start / PAGE) * PAGE;
  return mr.pages.every((backing, i) => {
    const v = vmaAt(s, p, first + i * PAGE);
    return !!v && v.ptes.get((first + i * PAGE - v.start) / PAGE)?.backing === backing;
  });
}

const MR: Record<string, Getter<Mr>> = {
  refs: () => 1,
  pins: (s, m) => pinnedBy(s, { kind: "mr", id: m.id }),
  valid: (s, m) => mrValid(s, m),
  process: (_s, m) => procRef(m.pid),
};

const PROCESS: Record<string, Getter<{ pid: number }>> = {
  refs: () => 1,
  fds: (s, p) => s.process(p.pid)!.fds.size,
  vmas: (s, p) => s.process(p.pid)!.vmas.size,
  name: (s, p) => s.process(p.pid)!.name,
  pinned_vm: (s, p) => s.process(p.pid)!.pinnedVm,
  locked_vm: (s, p) => lockedVm(s.process(p.pid)!),
};

const MAPPING: Record<string, Getter<{ id: number }>> = {
  refs: () => 1,
  vmas: (s, m) => s.spaceVmas.get(m.id)?.size ?? 0,
};

const TABLES: Record<ObjRef["kind"], Record<string, Getter<never>>> = {
  file: FILE, gem: GEM, vma: VMA, mr: MR, process: PROCESS, mapping: MAPPING,
};

export function fieldsOf(kind: ObjRef["kind"]): string[] {
  return Object.keys(TABLES[kind]);
}

/** The live object behind a ref, or null when it is freed (or never existed). */
function target(s: KernelState, ref: ObjRef): object | null {
  switch (ref.kind) {
    case "file": { const f = s.files[ref.id - 1]; return f?.alive ? f : null; }
    case "gem": { const g = s.gems[ref.id - 1]; return g?.alive ? g : null; }
    case "vma": { const v = s.vmas[ref.id - 1]; return v?.alive ? v : null; }
    case "mr": { const m = s.mrs[ref.id - 1]; return m?.alive ? m : null; }
    case "process": { const p = s.process(ref.id); return p?.alive ? { pid: p.pid } : null; }
    case "mapping": { const m = s.spaces[ref.id - 1]; return m?.alive ? { id: m.id } : null; }
  }
}

export function field(s: KernelState, ref: ObjRef, name: string): FieldValue | undefined {
  const o = target(s, ref);
  if (!o) return name === "refs" ? 0 : undefined;
  const get = (TABLES[ref.kind] as Record<string, Getter<object>>)[name];
  return get ? get(s, o) : undefined;
}

/** Each kind's field names and getters, in table order. */
const ENTRIES = Object.fromEntries(
  Object.entries(TABLES).map(([kind, table]) => [kind, Object.entries(table as Record<string, Getter<object>>)]),
) as Record<ObjRef["kind"], [string, Getter<object>][]>;

/** All defined fields of a live object, in table order (the snapshot's view). */
export function allFields(s: KernelState, ref: ObjRef): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  eachField(s, ref, (name, v) => (out[name] = v));
  return out;
}

/** Calls `visit` with each defined field of `ref` in table order (`refs: 0` alone for a freed object). */
export function eachField(s: KernelState, ref: ObjRef, visit: (name: string, v: FieldValue) => void): void {
  const o = target(s, ref);
  if (!o) return visit("refs", 0);
  const entries = ENTRIES[ref.kind];
  for (let i = 0; i < entries.length; i++) {
    const [name, get] = entries[i]!;
    const v = get(s, o);
    if (v !== undefined) visit(name, v);
  }
}
