// The run-time name table: what each bound name stands for. In a step a name
// stands for its number (fd, handle, address, MR id) in the acting process;
// in an expectation, for the kernel object it was bound to.
import type { ObjRef, Pid } from "../model/api.js";
import type { ObjKind } from "../check/verbs.js";

export interface NameEntry {
  name: string;
  kind: ObjKind;
  /** The process that bound it. */
  pid: Pid;
  /** The number in the binding process: fd, GEM handle, address or MR id. */
  number: number;
  /** Numbers this name has in other processes (`send … to P`, `fork`). */
  perPid: Map<Pid, number>;
  /** For a handle: the device actor whose drm file holds it. */
  device?: string;
  /** For a mapping: its length in bytes, as created. */
  length?: number;
  /** The kernel object at bind time (what expectations compare). */
  ref?: ObjRef;
}

export class Names {
  private readonly entries = new Map<string, NameEntry>();
  private readonly pids = new Map<string, Pid>();
  /** Object key → the first name bound to it, kept as names are bound. */
  private readonly labels = new Map<string, string>();

  bindProcess(name: string, pid: Pid): void {
    this.pids.set(name, pid);
    this.label({ kind: "process", id: pid }, name);
  }

  pid(name: string): Pid | undefined {
    return this.pids.get(name);
  }

  processes(): [string, Pid][] {
    return [...this.pids];
  }

  /** Bind a name; `e` (a fresh object the caller gives up) becomes the entry. */
  bind(e: Omit<NameEntry, "perPid">): NameEntry {
    const entry = e as NameEntry;
    entry.perPid = new Map<Pid, number>();
    this.entries.set(e.name, entry);
    if (e.ref && e.ref.kind !== "process") this.label(e.ref, e.name);
    return entry;
  }

  get(name: string): NameEntry | undefined {
    return this.entries.get(name);
  }

  /** The number a name stands for when `pid` uses it. */
  numberIn(entry: NameEntry, pid: Pid): number {
    return entry.perPid.get(pid) ?? entry.number;
  }

  /** A forked child inherits every number its parent has. */
  inherit(parent: Pid, child: Pid): void {
    for (const e of this.entries.values()) {
      if (e.kind === "process") continue;
      if (e.pid === parent || e.perPid.has(parent)) e.perPid.set(child, this.numberIn(e, parent));
    }
  }

  /** Label for a kernel object: the first name bound to it. */
  labeller(): (ref: ObjRef) => string | undefined {
    return (ref) => this.labels.get(key(ref));
  }

  private label(ref: ObjRef, name: string): void {
    const k = key(ref);
    if (!this.labels.has(k)) this.labels.set(k, name);
  }
}

export function key(ref: ObjRef): string {
  return `${ref.kind}:${ref.id}`;
}

export function sameObject(a: ObjRef | null | undefined, b: ObjRef | null | undefined): boolean {
  return !!a && !!b && a.kind === b.kind && a.id === b.id;
}
