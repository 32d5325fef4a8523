// The model's side of a verification: run a checked scenario step by step
// on a fresh Kernel under the profile of the real kernel it is compared
// with, and after each step read the same observations the guest reports
// (outcome, a new mapping's flags / file / pgoff, dma-buf refs), keyed the
// same way, with the model's citation for failures and its events for the
// rest.
import { Kernel, allRules } from "../model/index.js";
import type { DeviceKind, ObjRef, Pid, Profile } from "../model/api.js";
import type { CheckedStep } from "../check/checked.js";
import { executeStep, type StepAnswer } from "../engine/interpret.js";
import { Names, sameObject } from "../engine/names.js";
import type { FileCandidate, Observation, PlanScenario, PlanStep } from "./plan-types.js";
import { candidateLabel } from "./plan-types.js";
import type { LoadedScenario } from "./load.js";

/** What the model answered to one step: observation key → value, as the guest prints them. */
export interface ModelStep {
  index: number;
  values: Map<string, string>;
  /** The rule behind a failure (`file.c: function`). */
  cite?: string;
  /** The model's reason for a failure, in its own words. */
  reason?: string;
  /** What the model did in the step (its event names, and the cites of rules they name), for a success. */
  events: string[];
}

interface Ctx {
  k: Kernel;
  names: Names;
  plan: PlanScenario;
  /** The memfd file behind each mapping a `memfd` step bound. */
  memfds: Map<string, ObjRef>;
}

export function outcomeOf(a: StepAnswer, names: Names): string {
  if (a.ok) return "ok";
  if ("unbound" in a) return `not-run:${names.pid(a.unbound) !== undefined || a.why.startsWith("process") ? "process" : a.unbound}`;
  return "errno" in a ? a.errno : a.signal;
}

/** Run the scenario on the model under `profile`; one ModelStep per step. */
export function runModel(sc: LoadedScenario, profile: Profile): ModelStep[] {
  const c = sc.checked;
  const k = new Kernel({ profile, knobs: c.knobs });
  const ctx: Ctx = { k, names: new Names(), plan: sc.plan, memfds: new Map() };
  for (const a of c.actors) if (a.kind !== "process") k.addDevice(a.name, a.kind as DeviceKind);
  for (const p of c.processes) ctx.names.bindProcess(p, k.addProcess(p));
  return c.steps.map((step, i) => runStep(ctx, step, sc.plan.steps[i]!));
}

function runStep(ctx: Ctx, step: CheckedStep, plan: PlanStep): ModelStep {
  const { k, names } = ctx;
  const before = k.events().length;
  k.beginStep(step.index);
  const answer = executeStep(k, names, step);
  k.endStep();
  const out: ModelStep = { index: step.index, values: new Map([["outcome", outcomeOf(answer, names)]]), events: [] };
  if (!answer.ok && !("unbound" in answer)) {
    out.cite = answer.cite;
    out.reason = answer.reason;
  } else {
    const cites = new Map(allRules().map((r) => [r.id, r.cite]));
    out.events = [...new Set(k.events().slice(before).map((e) => (e.detail && cites.has(e.detail) ? `${e.what} (${cites.get(e.detail)})` : e.what)))];
  }
  if (answer.ok && step.spec.verb === "memfd" && step.binds) recordMemfd(ctx, step.binds.name, step.process);
  const pid = names.pid(step.process);
  if (pid !== undefined) for (const o of plan.observe) observe(ctx, o, pid, out.values);
  return out;
}

function recordMemfd(ctx: Ctx, name: string, process: string): void {
  const e = ctx.names.get(name);
  const pid = ctx.names.pid(process);
  if (!e?.ref || pid === undefined) return;
  const file = ctx.k.field(e.ref, "file");
  if (file && typeof file === "object" && !Array.isArray(file)) ctx.memfds.set(name, file);
}

/** The entry of a name as the process `pid` holds it, or undefined. */
function held(ctx: Ctx, name: string, pid: Pid) {
  const e = ctx.names.get(name);
  return e && (e.pid === pid || e.perPid.has(pid)) ? e : undefined;
}

function observe(ctx: Ctx, o: Observation, pid: Pid, values: Map<string, string>): void {
  const name = ctx.plan.slots[o.slot]!.name;
  if (o.kind === "refs") {
    values.set(`refs:${name}`, refsOf(ctx, name, pid));
    return;
  }
  const e = held(ctx, name, pid);
  const vma = e ? ctx.k.vmaAt(pid, ctx.names.numberIn(e, pid)) : undefined;
  if (!vma) return;
  const flags = ctx.k.field(vma, "flags");
  values.set(`vma:${name}.flags`, Array.isArray(flags) && flags.length > 0 ? [...flags].sort().join(",") : "-");
  const file = ctx.k.field(vma, "file");
  const fileRef = file && typeof file === "object" && !Array.isArray(file) ? file : null;
  values.set(`vma:${name}.file`, fileRef ? fileLabel(ctx, fileRef, o.candidates, pid) : "anon");
  const shared = Array.isArray(flags) && flags.includes("MAYSHARE");
  const pgoff = ctx.k.field(vma, "pgoff");
  if (fileRef && shared && typeof pgoff === "number") values.set(`vma:${name}.pgoff`, `0x${pgoff.toString(16)}`);
}

function refsOf(ctx: Ctx, name: string, pid: Pid): string {
  const e = held(ctx, name, pid);
  if (!e) return "unbound";
  const f = ctx.k.fileOfFd(pid, ctx.names.numberIn(e, pid));
  if (!f || ctx.k.field(f, "type") !== "dma-buf") return "none";
  return String(ctx.k.field(f, "refs"));
}

/** The first candidate whose file, as the process holds it now, is the mapping's file. */
function fileLabel(ctx: Ctx, file: ObjRef, candidates: FileCandidate[], pid: Pid): string {
  for (const c of candidates) {
    if (sameObject(candidateFile(ctx, c, pid), file)) return candidateLabel(c, ctx.plan);
  }
  return "other";
}

function candidateFile(ctx: Ctx, c: FileCandidate, pid: Pid): ObjRef | undefined {
  if (c.kind === "device") {
    const fd = ctx.k.deviceFd(pid, ctx.plan.devices[c.dev]!.name);
    return fd === undefined ? undefined : ctx.k.fileOfFd(pid, fd);
  }
  const name = ctx.plan.slots[c.slot]!.name;
  if (c.kind === "memfd") return held(ctx, name, pid) ? ctx.memfds.get(name) : undefined;
  const e = held(ctx, name, pid);
  return e ? ctx.k.fileOfFd(pid, ctx.names.numberIn(e, pid)) : undefined;
}
