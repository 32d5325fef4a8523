// The interpreter: turns one checked step into the model call it stands for
// (language.md "Meanings and defaults"), and binds what a successful step
// creates.
import type { Kernel } from "../model/index.js";
import type { Fail, ObjRef, Pid, Result } from "../model/api.js";
import type { CheckedStep, Operand } from "../check/checked.js";
import type { ObjKind } from "../check/verbs.js";
import { type NameEntry, Names } from "./names.js";
import { type SysAnswer, fdVerb, fdVerbs, mmVerb, mmVerbs } from "./interpret-syscalls.js";

/** What a step did: the model's answer, and the object it yields (find-bo, lookup). */
export type StepAnswer =
  | { ok: true; yields?: ObjRef | null }
  | Fail
  /** The step could not be issued: a name it uses is unbound, or it has no number in this process. */
  | { ok: false; unbound: string; why: string };

type Domain = "vram" | "gtt" | "system";

/** What a successful model call returned, before binding. */
type Made = { number: number; kind: ObjKind; device?: string; length?: number; pid?: Pid };

interface Ctx {
  k: Kernel;
  names: Names;
  step: CheckedStep;
  pid: Pid;
}

class Unbound {
  constructor(readonly name: string, readonly why: string) {}
}

export function executeStep(k: Kernel, names: Names, step: CheckedStep): StepAnswer {
  const pid = names.pid(step.process);
  if (pid === undefined) return { ok: false, unbound: step.process, why: `process \`${step.process}\` does not exist (its fork did not succeed)` };
  const ctx: Ctx = { k, names, step, pid };
  try {
    const r = dispatch(ctx);
    if (!r.ok) return r;
    const made = r.value;
    if (made && "number" in made && step.binds) bindMade(ctx, made);
    if (made && "yields" in made) return { ok: true, yields: made.yields };
    return { ok: true };
  } catch (e) {
    if (e instanceof Unbound) return { ok: false, unbound: e.name, why: e.why };
    throw e;
  }
}

function bindMade(ctx: Ctx, made: Made): void {
  const { k, names, step } = ctx;
  const b = step.binds!;
  const pid = made.pid ?? ctx.pid;
  const entry: Omit<NameEntry, "perPid"> = { name: b.name, kind: b.kind, pid, number: made.number };
  if (made.device) entry.device = made.device;
  if (made.length !== undefined) entry.length = made.length;
  if (b.kind === "process") {
    names.bindProcess(b.name, made.number);
    entry.ref = { kind: "process", id: made.number };
  } else if (b.kind === "dmabuf" || b.kind === "syncfile") entry.ref = k.fileOfFd(pid, made.number);
  else if (b.kind === "bo") entry.ref = k.gemOfHandle(pid, made.device!, made.number);
  else if (b.kind === "vma") entry.ref = k.vmaAt(pid, made.number);
  else if (b.kind === "mr") entry.ref = k.mrRef(made.number);
  names.bind(entry);
}

type Out = Result<Made | { yields: ObjRef | null } | undefined>;

function entryOf(ctx: Ctx, op: Operand | undefined): NameEntry {
  const name = op?.name ?? "?";
  const e = ctx.names.get(name);
  if (!e) {
    const line = ctx.step.step.span.startLine;
    throw new Unbound(name, `\`${name}\` is not bound at line ${line}: the step that binds it did not succeed`);
  }
  return e;
}

const num = (ctx: Ctx, op: Operand | undefined) => {
  const e = entryOf(ctx, op);
  return ctx.names.numberIn(e, ctx.pid);
};
const opt = (ctx: Ctx, key: string): number | undefined => {
  const v = ctx.step.options.get(key);
  return v?.kind === "number" ? v.value : undefined;
};
const optWords = (ctx: Ctx, key: string): string[] => {
  const v = ctx.step.options.get(key);
  return v?.kind === "flags" ? v.values : v?.kind === "word" ? [v.value] : [];
};
const flag = (ctx: Ctx, w: string) => ctx.step.flags.has(w) || optWords(ctx, "flags").includes(w);
/** `m` is a fresh object literal: it takes the number itself. */
const made = (r: Result<number>, m: Omit<Made, "number">): Out => {
  if (!r.ok) return r;
  const value = m as Made;
  value.number = r.value;
  return { ok: true, value };
};
const done = (r: Result<unknown>): Out => (r.ok ? { ok: true, value: undefined } : r);

/** A mapping operand: its address in this process and the range the step covers. */
function range(ctx: Ctx, op: Operand | undefined): { addr: number; len: number } {
  const e = entryOf(ctx, op);
  const offset = opt(ctx, "offset") ?? 0;
  const len = opt(ctx, "len") ?? (e.length ?? 0) - offset;
  return { addr: ctx.names.numberIn(e, ctx.pid) + offset, len };
}

function dispatch(ctx: Ctx): Out {
  const { step } = ctx;
  return step.subject.kind === "process" || step.subject.kind === "forked" ? processVerb(ctx) : deviceVerb(ctx, step.subject.name);
}

function deviceVerb(ctx: Ctx, dev: string): Out {
  const { k, step, pid } = ctx;
  const [a] = step.operands;
  switch (step.spec.verb) {
    case "create":
      if (step.subject.kind === "udmabuf") return udmabufCreate(ctx, dev);
      return made(k.gemCreate(pid, dev, opt(ctx, "size")!, optWords(ctx, "domain")[0] as "vram" | "gtt" | "system" | undefined), { kind: "bo", device: dev });
    case "alloc":
      return made(
        k.heapAlloc(pid, dev, opt(ctx, "size")!, { fdFlags: flag(ctx, "readonly") ? "rdonly" : "rdwr", undefinedFdFlags: flag(ctx, "bogus"), heapFlags: flag(ctx, "heap-bogus") }),
        { kind: "dmabuf" },
      );
    case "export":
      return made(k.primeHandleToFd(pid, dev, handle(ctx, a, dev), { readonly: flag(ctx, "readonly"), undefinedFlags: flag(ctx, "bogus") }), { kind: "dmabuf" });
    case "import":
      return made(k.primeFdToHandle(pid, dev, num(ctx, a)), { kind: "bo", device: dev });
    case "close":
      return done(k.gemClose(pid, dev, handle(ctx, a, dev)));
    case "use":
      return done(k.gpuUse(pid, dev, handle(ctx, a, dev)));
    case "userptr": {
      const { addr, len } = range(ctx, a);
      const flags = Object.fromEntries(optWords(ctx, "flags").map((f) => [f, true]));
      const r = step.subject.kind === "amdgpu" ? k.amdgpuUserptr(pid, dev, addr, len, flags) : k.i915Userptr(pid, dev, addr, len, flags);
      return made(r, { kind: "bo", device: dev });
    }
    case "reg-mr": {
      const { addr, len } = range(ctx, a);
      return made(k.rdmaRegMr(pid, dev, addr, len, { write: !step.flags.has("read") }), { kind: "mr" });
    }
    case "dereg":
      return done(k.rdmaDeregMr(pid, dev, num(ctx, a)));
  }
  return moreDeviceVerbs(ctx, dev);
}

/** Moves, pins, fences and dma-buf MRs. */
function moreDeviceVerbs(ctx: Ctx, dev: string): Out {
  const { k, step, pid } = ctx;
  const [a] = step.operands;
  switch (step.spec.verb) {
    case "reg-dmabuf-mr":
      return made(k.rdmaRegDmabufMr(pid, dev, num(ctx, a), { offset: opt(ctx, "offset") ?? 0, len: opt(ctx, "len"), dynamic: step.flags.has("dynamic") }), { kind: "mr" });
    case "evict":
      return done(k.evict(pid, dev, handle(ctx, a, dev), optWords(ctx, "to")[0] as Domain | undefined));
    case "pin":
      return done(k.gpuPin(pid, dev, handle(ctx, a, dev), optWords(ctx, "domain")[0] as Domain | undefined));
    case "unpin":
      return done(k.gpuUnpin(pid, dev, handle(ctx, a, dev)));
    case "fence":
      return made(k.vgemFenceAttach(pid, dev, handle(ctx, a, dev), { write: step.flags.has("write") }), { kind: "fence", device: dev });
    case "signal":
      return done(k.vgemFenceSignal(pid, dev, num(ctx, a)));
  }
  throw new Error(`verb ${step.spec.verb} of ${step.subject.kind} reached the interpreter unmodelled`);
}

function handle(ctx: Ctx, op: Operand | undefined, _dev: string): number {
  return num(ctx, op);
}

function udmabufCreate(ctx: Ctx, dev: string): Out {
  const { k, step, pid } = ctx;
  const from = step.options.get("from");
  const m = entryOf(ctx, from?.kind === "name" ? ({ kind: "name", name: from.name } as Operand) : undefined);
  const addr = ctx.names.numberIn(m, pid);
  const offset = opt(ctx, "offset") ?? 0;
  const len = opt(ctx, "len") ?? (m.length ?? 0) - offset;
  const vma = k.vmaAt(pid, addr);
  const file = vma ? k.field(vma, "file") : undefined;
  if (!file || typeof file !== "object" || Array.isArray(file)) throw new Unbound(m.name, `\`${m.name}\` has no file behind it: udmabuf needs the memfd of a shared mapping`);
  return made(k.udmabufCreate(pid, dev, file, offset, len, { undefinedFlags: flag(ctx, "bogus") }), { kind: "dmabuf" });
}

function processVerb(ctx: Ctx): Out {
  const { k, step, pid } = ctx;
  const [a, b] = step.operands;
  switch (step.spec.verb) {
    case "mmap":
      return mmap(ctx, a, b);
    case "anon":
      return made(k.anon(pid, step.size!, { write: !step.flags.has("readonly") }), { kind: "vma", length: step.size! });
    case "memfd":
      return made(k.memfd(pid, step.size!, optWords(ctx, "seal") as ("shrink" | "grow" | "write" | "seal")[]), { kind: "vma", length: step.size! });
    case "pin": {
      const { addr, len } = range(ctx, a);
      return done(k.pin(pid, addr, len, { longterm: step.flags.has("longterm"), write: !step.flags.has("read") }));
    }
    case "gup": {
      const { addr, len } = range(ctx, a);
      return done(k.gup(pid, addr, len, { write: !step.flags.has("read") }));
    }
    case "touch":
      return done(k.touch(pid, num(ctx, a), opt(ctx, "page") ?? 0, step.flags.has("write")));
    case "munmap": {
      const { addr, len } = range(ctx, a);
      return done(k.munmap(pid, addr, len));
    }
    case "close":
      return a?.kind === "actor" ? done(k.closeDevice(pid, a.name)) : done(k.close(pid, num(ctx, a)));
    case "send":
      return send(ctx, a);
    case "fork":
      return fork(ctx);
    case "exit":
      return done(k.exit(pid));
    case "export-sync":
    case "import-sync":
      return syncFileVerb(ctx, a);
    case "setrlimit":
      return done(k.memlock(pid, { op: "setrlimit", bytes: opt(ctx, "memlock") ?? 0 }));
    case "drop-cap":
      return done(k.memlock(pid, { op: "drop-ipc-lock" }));
    case "find-bo": {
      const { addr, len } = range(ctx, b);
      const r = k.findBo(pid, a!.name, addr, len);
      return r.ok ? { ok: true, value: { yields: k.gemOfHandle(pid, a!.name, r.value) ?? null } } : r;
    }
    case "lookup": {
      const r = k.lookup(pid, num(ctx, a));
      return r.ok ? { ok: true, value: { yields: r.value } } : r;
    }
  }
  if (fdVerbs.has(step.spec.verb) || mmVerbs.has(step.spec.verb)) return sysVerb(ctx, a);
  throw new Error(`verb ${step.spec.verb} of a process reached the interpreter unmodelled`);
}

/** EXPORT_SYNC_FILE (binds the sync_file) and IMPORT_SYNC_FILE (of the fd `from` names) on the dma-buf `a`. */
function syncFileVerb(ctx: Ctx, a: Operand | undefined): Out {
  const { k, step, pid } = ctx;
  const e = entryOf(ctx, a);
  const write = step.flags.has("write");
  const from = step.options.get("from");
  const op = step.spec.verb === "export-sync" ? { op: "export-sync" as const, write } : { op: "import-sync" as const, write, from: num(ctx, from?.kind === "name" ? ({ kind: "name", name: from.name } as Operand) : undefined) };
  const r = k.dmaBufFdOp(pid, ctx.names.numberIn(e, pid), op);
  if (r === "not-dma-buf") throw new Unbound(e.name, `\`${e.name}\` now names a file that is not a dma-buf: \`${step.spec.verb}\` is a dma-buf ioctl`);
  return step.spec.verb === "export-sync" ? made(r, { kind: "syncfile" }) : done(r);
}

/** The fd and mapping system calls of interpret-syscalls.ts. */
function sysVerb(ctx: Ctx, a: Operand | undefined): Out {
  const { k, step, pid } = ctx;
  const e = entryOf(ctx, a);
  const op = { name: e.name, number: () => ctx.names.numberIn(e, pid) };
  const r: SysAnswer = fdVerbs.has(step.spec.verb) ? fdVerb(k, pid, step, op) : mmVerb(k, pid, step, op);
  if ("notIssued" in r) throw new Unbound(e.name, r.notIssued);
  return done(r);
}

function mmap(ctx: Ctx, a: Operand | undefined, b: Operand | undefined): Out {
  const { k, step, pid } = ctx;
  const opts = {
    offset: opt(ctx, "offset") ?? 0,
    len: opt(ctx, "len"),
    prot: { read: true, write: !step.flags.has("readonly") },
    shared: !step.flags.has("private"),
  };
  if (a?.kind === "actor") {
    const bo = entryOf(ctx, b);
    const holder = bo.perPid.has(pid) ? pid : bo.pid;
    const r = k.mmapDevice(pid, a.name, holder, ctx.names.numberIn(bo, holder), opts);
    return r.ok ? { ok: true, value: { kind: "vma", number: r.value, length: lengthAt(ctx, r.value) } } : r;
  }
  const r = k.mmapFd(pid, num(ctx, a), opts);
  return r.ok ? { ok: true, value: { kind: "vma", number: r.value, length: lengthAt(ctx, r.value) } } : r;
}

function lengthAt(ctx: Ctx, addr: number): number {
  const vma = ctx.k.vmaAt(ctx.pid, addr);
  if (!vma) return 0;
  const start = ctx.k.field(vma, "start");
  const end = ctx.k.field(vma, "end");
  return typeof start === "number" && typeof end === "number" ? end - start : 0;
}

function send(ctx: Ctx, a: Operand | undefined): Out {
  const { k, names, step, pid } = ctx;
  const to = step.options.get("to");
  const toName = to?.kind === "name" ? to.name : "";
  const toPid = names.pid(toName);
  if (toPid === undefined) throw new Unbound(toName, `process \`${toName}\` does not exist`);
  const e = entryOf(ctx, a);
  const r = k.send(pid, names.numberIn(e, pid), toPid);
  if (!r.ok) return r;
  e.perPid.set(toPid, r.value);
  return { ok: true, value: { kind: "dmabuf", number: r.value, pid: toPid } };
}

function fork(ctx: Ctx): Out {
  const { k, names, step, pid } = ctx;
  const r = k.fork(pid, step.binds!.name);
  if (!r.ok) return r;
  names.inherit(pid, r.value);
  return { ok: true, value: { kind: "process", number: r.value } };
}
