// The tables of kernel objects the model tracks (objects.ts says what each
// object is), the indexes that keep a step's cost to what it touches, and the
// event and hazard logs. Ids are creation-order counters per kind, so every
// run numbers objects the same way.
import type { KernelEvent, ModelHazard, ObjRef, Pid, Profile } from "./api.js";
import type { ProfileTraits } from "./profile.js";
import type { Knobs } from "./knobs.js";
import type {
  AddressSpace, Attachment, Device, Dirty, Fence, Gem, KFile, Mr, PinRecord, Process, Vma,
} from "./objects.js";
import { IdAllocator } from "./idalloc.js";
import { IntervalIndex } from "./interval-index.js";
import { PAGE } from "./objects.js";

export * from "./objects.js";

export const MMAP_BASE = 0x7f0000000000;

export class KernelState {
  step = 0;
  /** Set when the current step's kernel path refused without an errno (language.md: reported as refused). */
  refusal: { reason: string; cite: string } | undefined = undefined;
  readonly devices: Device[] = [];
  readonly processes: Process[] = [];
  readonly files: KFile[] = [];
  readonly spaces: AddressSpace[] = [];
  readonly gems: Gem[] = [];
  readonly attachments: Attachment[] = [];
  readonly vmas: Vma[] = [];
  readonly mrs: Mr[] = [];
  readonly fences: Fence[] = [];
  readonly pins: PinRecord[] = [];
  readonly events: KernelEvent[] = [];
  readonly hazards: ModelHazard[] = [];
  private readonly hazardKeys = new Set<string>();
  anonCounter = 0;
  nextPfn = 0x80000;
  /** i_mmap of every address space: the VMAs linked into it, and by page interval */
  readonly spaceVmas = new Map<number, Set<number>>();
  readonly spaceTree = new Map<number, IntervalIndex>();
  /** mmu interval notifiers of userptr objects, by process and page interval */
  readonly userptrTree = new Map<Pid, IntervalIndex>();
  /** live files whose f_mapping is the address space */
  readonly spaceFiles = new Map<number, number>();
  /** VMAs holding (or having held) a PTE of a GEM object, or its vm_private_data */
  readonly gemVmas = new Map<number, Set<number>>();
  /** dma-buf files whose exporter object is the GEM object */
  readonly gemDmaBufs = new Map<number, Set<number>>();
  /** unsignaled fences per reservation object */
  readonly resvFences = new Map<string, Set<number>>();
  /** long-term pins by owner */
  readonly pinsByOwner = new Map<string, PinRecord[]>();
  readonly dirty: Dirty = { gems: new Set(), vmas: new Set(), files: new Set(), attachments: new Set() };

  constructor(
    readonly profile: Profile,
    readonly knobs: Knobs,
    readonly traits: ProfileTraits,
  ) {}

  event(what: string, objects: ObjRef[], detail?: string): void {
    const e: KernelEvent = { step: this.step, what, objects };
    if (detail !== undefined) e.detail = detail;
    this.events.push(e);
  }

  hazard(h: Omit<ModelHazard, "step">): void {
    const key = `${h.kind}|${h.objects.map((o) => `${o.kind}:${o.id}`).join(",")}`;
    if (this.hazardKeys.has(key)) return;
    this.hazardKeys.add(key);
    this.hazards.push({ ...h, step: this.step });
  }

  device(name: string): Device | undefined {
    return this.devices.find((d) => d.name === name);
  }

  process(pid: Pid): Process | undefined {
    return this.processes[pid - 1];
  }

  file(id: number): KFile {
    const f = this.files[id - 1];
    if (!f) throw new Error(`model bug: no file ${id}`);
    return f;
  }

  gem(id: number): Gem {
    const g = this.gems[id - 1];
    if (!g) throw new Error(`model bug: no gem ${id}`);
    return g;
  }

  vma(id: number): Vma {
    const v = this.vmas[id - 1];
    if (!v) throw new Error(`model bug: no vma ${id}`);
    return v;
  }

  attachment(id: number): Attachment {
    const a = this.attachments[id - 1];
    if (!a) throw new Error(`model bug: no attachment ${id}`);
    return a;
  }

  newSpace(label: string): number {
    const id = this.spaces.length + 1;
    this.spaces.push({ id, label, alive: true });
    return id;
  }
}

/** Adds `id` to the set under `key` of an index. */
export function indexAdd<K>(m: Map<K, Set<number>>, key: K, id: number): void {
  let set = m.get(key);
  if (!set) m.set(key, (set = new Set()));
  set.add(id);
}

export function indexRemove<K>(m: Map<K, Set<number>>, key: K, id: number): void {
  const set = m.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) m.delete(key);
}

export function newIds(first: number): IdAllocator {
  return new IdAllocator(first);
}

export function treeOf<K>(m: Map<K, IntervalIndex>, key: K): IntervalIndex {
  let t = m.get(key);
  if (!t) m.set(key, (t = new IntervalIndex()));
  return t;
}

export const fileRef = (id: number): ObjRef => ({ kind: "file", id });
export const gemRef = (id: number): ObjRef => ({ kind: "gem", id });
export const vmaRef = (id: number): ObjRef => ({ kind: "vma", id });
export const mrRefOf = (id: number): ObjRef => ({ kind: "mr", id });
export const procRef = (id: number): ObjRef => ({ kind: "process", id });
export const spaceRef = (id: number): ObjRef => ({ kind: "mapping", id });

export function pagesOf(bytes: number): number {
  return Math.ceil(bytes / PAGE);
}
