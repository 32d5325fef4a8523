// The read side of the Kernel façade (kernel.ts): the state it owns and the
// queries a caller makes between steps (which object a number names, a
// field, the snapshot, the events and hazards so far). Kernel adds the
// system calls and ioctls on top.
import type { Addr, Fd, FieldValue, Handle, KernelEvent, ModelHazard, MrId, ObjRef, Pid, Profile } from "./api.js";
import { KernelState, fileRef, gemRef, mrRefOf, vmaRef } from "./state.js";
import { traitsOf } from "./profile.js";
import { resolveKnobs } from "./knobs.js";
import { vmaAt } from "./mm.js";
import { memfdOfVma } from "./syscalls.js";
import { field, fieldsOf } from "./fields.js";
import { type Snapshot, snapshot } from "./snapshot.js";

export interface KernelOptions {
  profile?: Profile;
  knobs?: Record<string, string>;
}

export class KernelView {
  protected readonly s: KernelState;

  constructor(opts: KernelOptions = {}) {
    const profile = opts.profile ?? "linux-6.12";
    this.s = new KernelState(profile, resolveKnobs(profile, opts.knobs ?? {}), traitsOf(profile));
  }

  static supportsProfile(p: Profile): boolean {
    return traitsOf(p).modelled;
  }

  static fieldsOf(kind: ObjRef["kind"]): string[] {
    return fieldsOf(kind);
  }

  get profile(): Profile {
    return this.s.profile;
  }

  // --- queries -----------------------------------------------------------

  deviceFd(pid: Pid, device: string): Fd | undefined {
    return this.s.process(pid)?.devFds.get(device);
  }

  fileOfFd(pid: Pid, fd: Fd): ObjRef | undefined {
    const id = this.s.process(pid)?.fds.get(fd);
    return id === undefined ? undefined : fileRef(id);
  }

  gemOfHandle(pid: Pid, device: string, handle: Handle): ObjRef | undefined {
    const p = this.s.process(pid);
    const fd = p?.devFds.get(device);
    const fid = fd === undefined ? undefined : p!.fds.get(fd);
    const g = fid === undefined ? undefined : this.s.file(fid).drm?.handles.get(handle);
    return g === undefined ? undefined : gemRef(g);
  }

  vmaAt(pid: Pid, addr: Addr): ObjRef | undefined {
    const p = this.s.process(pid);
    const v = p ? vmaAt(this.s, p, addr) : undefined;
    return v ? vmaRef(v.id) : undefined;
  }

  mrRef(mr: MrId): ObjRef {
    return mrRefOf(mr);
  }

  processName(pid: Pid): string | undefined {
    return this.s.process(pid)?.name;
  }

  memfdOfVma(pid: Pid, addr: Addr): ObjRef | undefined {
    const p = this.s.process(pid);
    return p ? memfdOfVma(this.s, p, addr) : undefined;
  }

  /** Why the step that just ran was refused, when its kernel path refused without an errno. */
  refused(): { reason: string; cite: string } | undefined {
    return this.s.refusal;
  }

  field(ref: ObjRef, name: string): FieldValue | undefined {
    return field(this.s, ref, name);
  }

  snapshot(label: (ref: ObjRef) => string | undefined): Snapshot {
    return snapshot(this.s, label);
  }

  events(): KernelEvent[] {
    return [...this.s.events];
  }

  hazards(): ModelHazard[] {
    return [...this.s.hazards];
  }
}
