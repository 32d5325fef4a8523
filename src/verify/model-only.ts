// Why a step cannot run in a guest: the device is not one a qemu guest has,
// no system call expresses what the step asks, or an operand is an object a
// model-only step made or changed. Each reason is one line the report prints.
import type { CheckedScenario, CheckedStep } from "../check/checked.js";
import { SINGLETONS } from "../check/check.js";

const NO_DEVICE: Record<string, string> = {
  amdgpu: "amdgpu: no AMD GPU in the guest; this path rests on its source citation",
  i915: "i915: no Intel GPU in the guest; this path rests on its source citation",
  rdma: "rdma: no RDMA NIC in the guest (soft-RoCE is not set up, and supports no dma-buf MRs)",
  panfrost: "panfrost: an Arm GPU driver that no x86 kernel builds",
};

const NO_SYSCALL: Record<string, string> = {
  lookup: "lookup: no system call leads from a user address to its dma-buf (only driver-specific ways exist)",
  "find-bo": "find-bo: libdrm's amdgpu_find_bo_by_cpu_mapping needs an amdgpu device",
};

/** The words a guest translation exists for, per verb: option keys, flag words and `flags` values. */
const TRANSLATED: Record<string, readonly string[]> = {
  create: ["size", "from", "offset", "len", "flags", "bogus"], export: ["flags", "readonly", "bogus"], import: [], close: [], fence: ["write"], signal: [],
  alloc: ["size", "flags", "readonly", "bogus", "heap-bogus"], mmap: ["offset", "len", "readonly", "private"], anon: ["readonly"], memfd: ["seal"],
  pin: ["longterm", "read"], gup: ["read"], touch: ["page", "write"], munmap: [], send: ["to"], fork: [], exit: [],
  "proc-mem": ["page", "write"], futex: ["page", "shared"], madvise: ["dontneed"], mlock: [], mremap: ["grow"],
  setrlimit: ["memlock"], "drop-cap": ["ipc_lock"],
  seek: ["to", "offset"], read: [], sync: ["read", "write", "end", "bogus"], "set-name": [], resize: [],
  "export-sync": ["write"], "import-sync": ["from", "write"],
};

/** A verb or word of the step that no guest translation covers (the language can grow faster than this table). */
function untranslated(step: CheckedStep): string | undefined {
  const known = TRANSLATED[step.spec.verb];
  if (!known) return `\`${step.spec.verb}\``;
  const flagValues = (v: { kind: string; values?: string[] }) => (v.kind === "flags" ? v.values ?? [] : []);
  const words = [...step.options.keys(), ...step.flags, ...[...step.options.values()].flatMap((v) => flagValues(v as { kind: string; values?: string[] }))];
  const extra = words.find((w) => !known.includes(w) && !["shrink", "grow", "write", "seal"].includes(w));
  return extra === undefined ? undefined : `\`${step.spec.verb} … ${extra}\``;
}

const LONGTERM_READ = "pin longterm read: io_uring registers buffers with FOLL_WRITE; no system call takes a read-only long-term pin";
const GUP_WRITE_RO = "gup with write intent on a read-only mapping: vmsplice takes pages without FOLL_WRITE, so no system call expresses it";

/** Device actors a step involves: its subject and any actor operand. */
function devicesOf(c: CheckedScenario, step: CheckedStep): string[] {
  const kinds: string[] = [];
  if (step.subject.kind !== "process" && step.subject.kind !== "forked") kinds.push(step.subject.kind);
  for (const op of step.operands) if (op.kind === "actor") kinds.push(op.actorKind);
  const byName = new Map(c.actors.map((a) => [a.name, a.kind]));
  for (const v of step.options.values()) if (v.kind === "name" && byName.has(v.name)) kinds.push(byName.get(v.name)!);
  return kinds;
}

/** Names a step uses (operands and name-valued options), not the ones it binds. */
export function namesUsed(step: CheckedStep): string[] {
  const used = step.operands.filter((o) => o.kind === "name").map((o) => o.name);
  for (const [key, v] of step.options) if (v.kind === "name" && key !== "to") used.push(v.name);
  return used;
}

/** A second actor of a kind the guest has one device of: the name of the first, else undefined. */
function sameDeviceAs(c: CheckedScenario, name: string): string | undefined {
  const kind = c.actors.find((a) => a.name === name)?.kind;
  const first = kind !== undefined && SINGLETONS.has(kind) ? c.actors.find((a) => a.kind === kind) : undefined;
  return first && first.name !== name ? first.name : undefined;
}

/** The reason a step stays model-only, or undefined when a guest can perform it. */
export function reasonFor(c: CheckedScenario, step: CheckedStep, tainted: ReadonlyMap<string, string>, readonlyVma: (name: string) => boolean): string | undefined {
  for (const kind of devicesOf(c, step)) if (NO_DEVICE[kind]) return NO_DEVICE[kind];
  for (const name of [step.subject.name, ...step.operands.filter((o) => o.kind === "actor").map((o) => o.name)]) {
    const first = sameDeviceAs(c, name);
    if (first) return `${name}: the guest has one device of its kind, so it would be ${first} again (SCN3004)`;
  }
  const verb = step.spec.verb;
  if (NO_SYSCALL[verb]) return NO_SYSCALL[verb];
  for (const name of namesUsed(step)) {
    const why = tainted.get(name);
    if (why !== undefined) return `uses ${name}, which ${why}`;
  }
  const word = untranslated(step);
  if (word !== undefined) return `no system call sequence stands for ${word} in the guest program`;
  if (verb === "pin" && step.flags.has("longterm") && step.flags.has("read")) return LONGTERM_READ;
  if (verb === "gup" && !step.flags.has("read") && step.operands[0] && readonlyVma(step.operands[0].name)) return GUP_WRITE_RO;
  return undefined;
}

/**
 * What a model-only step leaves the guest unable to reproduce: the names it
 * binds and, when it is written to succeed, the objects it uses (an import,
 * a userptr or an MR changes their references and pins in the model).
 */
export function stepTaints(step: CheckedStep): [string, string][] {
  const line = step.step.span.startLine;
  const why = `a model-only step changed (line ${line})`;
  const out: [string, string][] = [];
  if (step.binds) out.push([step.binds.name, `a model-only step made (line ${line})`]);
  const mayFail = step.outcome.atoms.every((a) => a.kind === "errno" || a.kind === "signal");
  const query = NO_SYSCALL[step.spec.verb] !== undefined;
  if (!mayFail && !query) for (const n of namesUsed(step)) out.push([n, why]);
  return out;
}
