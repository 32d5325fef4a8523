// Translation of a checked scenario into the verification plan: which steps
// a guest process can perform (vgem, udmabuf, the system heap, mappings,
// pin/gup probes, fds and processes) and which stay model-only, with the
// reason. A step is model-only when its actor or an operand is a device no
// guest has, when no system call expresses it, or when it uses an object a
// model-only step made or changed (the guest's state would differ there).
import type { CheckedScenario, CheckedStep, Operand } from "../check/checked.js";
import type { FileCandidate, GuestDevice, GuestOp, Observation, PlanScenario, PlanStep, Slot } from "./plan-types.js";
import { reasonFor, stepTaints } from "./model-only.js";

interface Tx {
  sc: PlanScenario;
  slotOf: Map<string, number>;
  devOf: Map<string, number>;
  procOf: Map<string, number>;
  /** Per process: slots whose number it holds (dma-bufs still open, mappings, handles). */
  held: Set<number>[];
  /** Per process: dma-buf slots it has closed. */
  closed: Set<number>[];
  /** Per process: device indices whose fd it closed. */
  closedDev: Set<number>[];
  memfds: Set<number>;
  readonlyVma: Set<number>;
  /** Names a model-only step made or changed, with why. */
  tainted: Map<string, string>;
  /** Processes that dropped CAP_IPC_LOCK (inherited at fork). */
  noIpcLock: Set<number>;
}

/**
 * io_uring charges registered buffers to RLIMIT_MEMLOCK (user->locked_vm)
 * when CAP_IPC_LOCK is missing, and the model's `pin` is pin_user_pages with
 * no such account: after `drop-cap` the guest's stand-in would answer what
 * the model does not ask.
 */
const PIN_UNPRIVILEGED = "pin longterm without CAP_IPC_LOCK: the guest's io_uring charges RLIMIT_MEMLOCK, which the model's pin_user_pages does not";

const GUEST_DEVICES = new Set(["vgem", "udmabuf", "dma-heap"]);

/** The plan of one checked scenario; `text` gives each step as written. */
export function planScenario(c: CheckedScenario, text: (s: CheckedStep) => string): PlanScenario {
  const devices: GuestDevice[] = c.actors.filter((a) => GUEST_DEVICES.has(a.kind)).map((a) => ({ name: a.name, kind: a.kind as GuestDevice["kind"] }));
  const processes = [...c.processes];
  const sc: PlanScenario = { title: c.ast.title, line: c.ast.span.startLine, processes, initial: processes.length, devices, slots: [], steps: [] };
  const knobs = Object.entries(c.knobs);
  if (knobs.length > 0) sc.modelOnly = `what-if knobs (${knobs.map(([k, v]) => `${k}=${v}`).join(", ")}): no real kernel has them`;
  const tx: Tx = {
    sc, slotOf: new Map(), devOf: new Map(devices.map((d, i) => [d.name, i])), procOf: new Map(processes.map((p, i) => [p, i])),
    held: processes.map(() => new Set()), closed: processes.map(() => new Set()), closedDev: processes.map(() => new Set()),
    memfds: new Set(), readonlyVma: new Set(), tainted: new Map(), noIpcLock: new Set(),
  };
  for (const step of c.steps) sc.steps.push(planStep(tx, c, step, text(step)));
  return sc;
}

function planStep(tx: Tx, c: CheckedScenario, step: CheckedStep, text: string): PlanStep {
  const proc = procIndex(tx, step.process);
  const base = { index: step.index, line: step.step.span.startLine, text, proc };
  const unprivilegedPin = step.spec.verb === "pin" && step.flags.has("longterm") && tx.noIpcLock.has(proc) ? PIN_UNPRIVILEGED : undefined;
  const reason = tx.sc.modelOnly ?? reasonFor(c, step, tx.tainted, (n) => tx.readonlyVma.has(tx.slotOf.get(n) ?? -1)) ?? unprivilegedPin;
  if (reason !== undefined) {
    for (const [name, why] of stepTaints(step)) if (!tx.tainted.has(name)) tx.tainted.set(name, why);
    return { ...base, op: null, reason, observe: [] };
  }
  const op = guestOp(tx, step, proc);
  const bound = step.binds ? tx.slotOf.get(step.binds.name) : undefined;
  const mayFail = step.outcome.atoms.every((a) => a.kind === "errno" || a.kind === "signal");
  if (bound !== undefined && mayFail) for (const h of tx.held) h.delete(bound);
  return { ...base, op, observe: observations(tx, step, op, proc) };
}

function procIndex(tx: Tx, name: string): number {
  let i = tx.procOf.get(name);
  if (i === undefined) {
    i = tx.sc.processes.length;
    tx.sc.processes.push(name);
    tx.procOf.set(name, i);
    tx.held.push(new Set());
    tx.closed.push(new Set());
    tx.closedDev.push(new Set());
  }
  return i;
}

/** The slot of a name, made on first use (a name is bound once per scenario). */
function slot(tx: Tx, name: string, kind: Slot["kind"]): number {
  let i = tx.slotOf.get(name);
  if (i === undefined) {
    i = tx.sc.slots.length;
    tx.sc.slots.push({ name, kind });
    tx.slotOf.set(name, i);
  }
  return i;
}

const ref = (tx: Tx, op: Operand | undefined, kind: Slot["kind"]): number => slot(tx, op?.name ?? "?", kind);
const num = (step: CheckedStep, key: string): number | undefined => {
  const v = step.options.get(key);
  return v?.kind === "number" ? v.value : undefined;
};
const words = (step: CheckedStep, key: string): string[] => {
  const v = step.options.get(key);
  return v?.kind === "flags" ? v.values : v?.kind === "word" ? [v.value] : [];
};
const bindName = (step: CheckedStep) => step.binds?.name ?? "?";

/**
 * The bit `flags bogus` stands for in each ioctl: one the ioctl does not
 * define. PRIME_HANDLE_TO_FD takes DRM_CLOEXEC and DRM_RDWR (O_CLOEXEC,
 * O_RDWR); dma-heap fd_flags O_CLOEXEC and O_ACCMODE; UDMABUF_CREATE defines
 * bit 0 (CLOEXEC) only, and 0x80 is what the real-kernel log tried.
 */
const PRIME_UNDEFINED_FLAG = 0x1000;
const HEAP_UNDEFINED_FD_FLAG = 0x100;
const UDMABUF_UNDEFINED_FLAG = 0x80;
const bogus = (step: CheckedStep, bit: number): number => (words(step, "flags").includes("bogus") ? bit : 0);

function guestOp(tx: Tx, step: CheckedStep, proc: number): GuestOp {
  const [a, b] = step.operands;
  const dev = tx.devOf.get(step.subject.name) ?? -1;
  const hold = (s: number, p = proc) => (tx.held[p]!.add(s), tx.closed[p]!.delete(s), s);
  switch (step.spec.verb) {
    case "create":
      if (step.subject.kind === "udmabuf") {
        const from = step.options.get("from");
        const fromSlot = slot(tx, from?.kind === "name" ? from.name : "?", "vma");
        return { op: "udmabuf-create", dev, from: fromSlot, dmabuf: hold(slot(tx, bindName(step), "dmabuf")), offset: num(step, "offset") ?? 0, ...lenOf(step), extraFlags: bogus(step, UDMABUF_UNDEFINED_FLAG) };
      }
      return { op: "dumb-create", dev, bo: hold(slot(tx, bindName(step), "bo")), size: num(step, "size")! };
    case "export":
      return { op: "export", dev, bo: ref(tx, a, "bo"), dmabuf: hold(slot(tx, bindName(step), "dmabuf")), readonly: words(step, "flags").includes("readonly"), extraFlags: bogus(step, PRIME_UNDEFINED_FLAG) };
    case "import":
      return { op: "import", dev, dmabuf: ref(tx, a, "dmabuf"), bo: hold(slot(tx, bindName(step), "bo")) };
    case "close":
      return closeOp(tx, step, dev, proc);
    case "fence":
      return { op: "fence-attach", dev, bo: ref(tx, a, "bo"), fence: hold(slot(tx, bindName(step), "fence")), write: step.flags.has("write") };
    case "signal":
      return { op: "fence-signal", dev, fence: ref(tx, a, "fence") };
    case "alloc":
      return {
        op: "heap-alloc", dev, dmabuf: hold(slot(tx, bindName(step), "dmabuf")), size: num(step, "size")!, readonly: words(step, "flags").includes("readonly"),
        extraFdFlags: bogus(step, HEAP_UNDEFINED_FD_FLAG), heapFlags: words(step, "flags").includes("heap-bogus") ? 1 : 0,
      };
    case "mmap":
      return mmapOp(tx, step, a, b, proc, hold);
    default:
      return processOp(tx, step, proc, hold);
  }
}

function lenOf(step: CheckedStep): { len?: number } {
  const len = num(step, "len");
  return len === undefined ? {} : { len };
}

function closeOp(tx: Tx, step: CheckedStep, dev: number, proc: number): GuestOp {
  const [a] = step.operands;
  if (step.subject.kind !== "process" && step.subject.kind !== "forked") return { op: "gem-close", dev, bo: ref(tx, a, "bo") };
  if (a?.kind === "actor") {
    const d = tx.devOf.get(a.name)!;
    tx.closedDev[proc]!.add(d);
    return { op: "close-dev", dev: d };
  }
  const s = ref(tx, a, "dmabuf");
  tx.closed[proc]!.add(s);
  return { op: "close-fd", dmabuf: s };
}

function mmapOp(tx: Tx, step: CheckedStep, a: Operand | undefined, b: Operand | undefined, proc: number, hold: (s: number) => number): GuestOp {
  const vma = hold(slot(tx, bindName(step), "vma"));
  const readonly = step.flags.has("readonly");
  if (readonly) tx.readonlyVma.add(vma);
  if (a?.kind === "actor") {
    const bo = ref(tx, b, "bo");
    const holder = tx.held[proc]!.has(bo) ? proc : tx.held.findIndex((h) => h.has(bo));
    return { op: "mmap-dev", dev: tx.devOf.get(a.name)!, bo, vma, holder: holder < 0 ? proc : holder, offset: num(step, "offset") ?? 0, ...lenOf(step), readonly, private: step.flags.has("private") };
  }
  return { op: "mmap-fd", dmabuf: ref(tx, a, "dmabuf"), vma, offset: num(step, "offset") ?? 0, ...lenOf(step), readonly, private: step.flags.has("private") };
}

function processOp(tx: Tx, step: CheckedStep, proc: number, hold: (s: number, p?: number) => number): GuestOp {
  const [a] = step.operands;
  const vma = () => ref(tx, a, "vma");
  switch (step.spec.verb) {
    case "anon": {
      const s = hold(slot(tx, bindName(step), "vma"));
      if (step.flags.has("readonly")) tx.readonlyVma.add(s);
      return { op: "anon", vma: s, size: step.size!, readonly: step.flags.has("readonly") };
    }
    case "memfd": {
      const s = hold(slot(tx, bindName(step), "vma"));
      const seals = words(step, "seal");
      tx.memfds.add(s);
      if (seals.includes("write")) tx.readonlyVma.add(s);
      return { op: "memfd", vma: s, size: step.size!, seals };
    }
    case "pin":
      return step.flags.has("longterm") ? { op: "pin-longterm", vma: vma() } : { op: "pin", vma: vma(), write: !step.flags.has("read") };
    case "gup":
      return { op: "gup", vma: vma() };
    case "touch":
      return { op: "touch", vma: vma(), page: num(step, "page") ?? 0, write: step.flags.has("write") };
    case "proc-mem":
      return { op: "proc-mem", vma: vma(), page: num(step, "page") ?? 0, write: step.flags.has("write") };
    case "seek":
      return { op: "seek", dmabuf: ref(tx, a, "dmabuf"), whence: (words(step, "to")[0] ?? "set") as "set" | "cur" | "end", offset: num(step, "offset") ?? 0 };
    case "read":
      return { op: "read", dmabuf: ref(tx, a, "dmabuf") };
    case "sync": {
      const f = step.flags;
      return { op: "sync", dmabuf: ref(tx, a, "dmabuf"), read: f.has("read"), write: f.has("write"), end: f.has("end"), bogus: f.has("bogus") };
    }
    case "set-name":
      return { op: "set-name", dmabuf: ref(tx, a, "dmabuf") };
    case "export-sync":
      return { op: "export-sync", dmabuf: ref(tx, a, "dmabuf"), sync: hold(slot(tx, bindName(step), "syncfile")), write: step.flags.has("write") };
    case "import-sync": {
      const from = step.options.get("from");
      return { op: "import-sync", dmabuf: ref(tx, a, "dmabuf"), from: slot(tx, from?.kind === "name" ? from.name : "?", "syncfile"), write: step.flags.has("write") };
    }
    case "resize":
      return { op: "resize", vma: vma(), size: step.size ?? 0 };
    case "setrlimit":
      return { op: "setrlimit-memlock", bytes: num(step, "memlock") ?? 0 };
    case "drop-cap":
      tx.noIpcLock.add(proc);
      return { op: "drop-cap-ipc-lock" };
    case "madvise":
      return { op: "madvise-dontneed", vma: vma() };
    case "mlock":
      return { op: "mlock", vma: vma() };
    case "mremap":
      return { op: "mremap-grow", vma: vma(), by: num(step, "grow") ?? 0 };
    case "futex":
      return { op: "futex-wake", vma: vma(), page: num(step, "page") ?? 0, shared: step.flags.has("shared") };
    case "munmap":
      return { op: "munmap", vma: vma() };
    case "send":
      return sendOp(tx, step, proc, hold);
    case "fork":
      return forkOp(tx, step, proc);
    case "exit":
      return { op: "exit" };
  }
  throw new Error(`verb ${step.spec.verb} has no guest translation`);
}

function sendOp(tx: Tx, step: CheckedStep, _proc: number, hold: (s: number, p?: number) => number): GuestOp {
  const [a] = step.operands;
  const to = step.options.get("to");
  const toProc = procIndex(tx, to?.kind === "name" ? to.name : "?");
  const d = ref(tx, a, "dmabuf");
  const as = step.binds ? slot(tx, step.binds.name, "dmabuf") : d;
  hold(as, toProc);
  return { op: "send", dmabuf: d, to: toProc, as };
}

function forkOp(tx: Tx, step: CheckedStep, proc: number): GuestOp {
  const child = procIndex(tx, bindName(step));
  for (const s of tx.held[proc]!) tx.held[child]!.add(s);
  for (const s of tx.closed[proc]!) tx.closed[child]!.add(s);
  for (const d of tx.closedDev[proc]!) tx.closedDev[child]!.add(d);
  if (tx.noIpcLock.has(proc)) tx.noIpcLock.add(child);
  return { op: "fork", child };
}

/** Open dma-bufs of a process, in binding order, that no model-only step has touched. */
function openDmabufs(tx: Tx, proc: number): number[] {
  return [...tx.held[proc]!]
    .filter((s) => tx.sc.slots[s]!.kind === "dmabuf" && !tx.closed[proc]!.has(s) && !tx.tainted.has(tx.sc.slots[s]!.name))
    .sort((x, y) => x - y);
}

function observations(tx: Tx, step: CheckedStep, op: GuestOp, proc: number): Observation[] {
  if (op.op === "exit") return [];
  const out: Observation[] = [];
  const boundVma = step.binds?.kind === "vma" ? tx.slotOf.get(step.binds.name) : undefined;
  if (boundVma !== undefined) out.push({ kind: "vma", slot: boundVma, candidates: candidates(tx, proc) });
  for (const s of openDmabufs(tx, proc)) out.push({ kind: "refs", slot: s });
  return out;
}

function candidates(tx: Tx, proc: number): FileCandidate[] {
  const dmabufs = [...tx.held[proc]!].filter((s) => tx.sc.slots[s]!.kind === "dmabuf" && !tx.closed[proc]!.has(s)).sort((x, y) => x - y);
  const memfds = [...tx.held[proc]!].filter((s) => tx.memfds.has(s)).sort((x, y) => x - y);
  const devs = tx.sc.devices.map((_, i) => i).filter((d) => tx.sc.devices[d]!.kind === "vgem" && !tx.closedDev[proc]!.has(d));
  return [
    ...dmabufs.map((slot): FileCandidate => ({ kind: "dmabuf", slot })),
    ...memfds.map((slot): FileCandidate => ({ kind: "memfd", slot })),
    ...devs.map((dev): FileCandidate => ({ kind: "device", dev })),
  ];
}
