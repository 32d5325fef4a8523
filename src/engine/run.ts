// The engine's entry points: text → parse → check → run each scenario on a
// fresh kernel model → judge outcomes and expectations → FileResult.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { Kernel, PROFILES } from "../model/index.js";
import type { DeviceKind, ObjRef, Profile } from "../model/api.js";
import { parseScn } from "../syntax/parse.js";
import { checkFile } from "../check/check.js";
import type { CheckedScenario } from "../check/checked.js";
import type { FileResult, Hazard, Observed, ScenarioResult, StepReport } from "./types.js";
import { executeStep } from "./interpret.js";
import { ExpectJudge, describeObserved, observedOf, outcomeHolds } from "./judge.js";
import { Names } from "./names.js";

export interface RunOptions {
  /** Reserved for profile overrides (`--kernel`). */
  profile?: string;
}

const hasError = (d: Diagnostic[]) => d.some((x) => x.severity === "error");

/** Parse and check only. */
export function checkSource(source: string, _path: string): Diagnostic[] {
  const parsed = parseScn(source);
  if (hasError(parsed.diagnostics)) return parsed.diagnostics;
  return [...parsed.diagnostics, ...checkFile(parsed.file).diagnostics];
}

/** Parse, check and run every scenario of a file. Never throws on user input. */
export function runSource(source: string, path: string, _opts: RunOptions = {}): FileResult {
  const parsed = parseScn(source);
  const diagnostics = [...parsed.diagnostics];
  if (hasError(diagnostics)) return { path, source, diagnostics, scenarios: [] };
  const checked = checkFile(parsed.file);
  diagnostics.push(...checked.diagnostics);
  if (hasError(diagnostics)) return { path, source, diagnostics, scenarios: [] };
  return { path, source, diagnostics, scenarios: checked.scenarios.map((sc) => runChecked(sc, source)) };
}

/** Run one checked scenario on a fresh kernel model. */
export function runChecked(sc: CheckedScenario, source: string): ScenarioResult {
  const k = new Kernel({ profile: sc.profile as Profile, knobs: sc.knobs });
  const names = new Names();
  for (const a of sc.actors) if (a.kind !== "process") k.addDevice(a.name, a.kind as DeviceKind);
  for (const p of sc.processes) names.bindProcess(p, k.addProcess(p));
  const steps: StepReport[] = [];
  for (const step of sc.steps) {
    k.beginStep(step.index);
    const answer = executeStep(k, names, step);
    k.endStep();
    const observed = observedOf(answer, names.labeller());
    const refusal = k.refused();
    if (refusal && observed.kind === "ok") observed.refused = refusal;
    const holds = !("unbound" in answer) && outcomeHolds(step, answer, names);
    const rep: StepReport = { index: step.index, span: step.step.span, text: stepText(source, step.step.span), expected: step.outcome.text, observed, status: holds ? "pass" : "fail" };
    if (observed.kind === "errno" || observed.kind === "signal") {
      if (observed.cite) rep.cite = observed.cite;
    } else if (observed.kind === "ok" && observed.refused) rep.cite = observed.refused.cite;
    if (!holds) rep.message = `expected ${step.outcome.text}, the model answered ${describeObserved(observed)}`;
    steps.push(rep);
  }
  k.finish();
  const label = names.labeller();
  const hazards = k.hazards().map((h) => toHazard(h, label));
  const expectations = new ExpectJudge(k, names, hazards, label, source).judge(sc.expects);
  const passed = steps.every((s) => s.status === "pass") && expectations.every((e) => e.status === "pass");
  const snapshot = k.snapshot(label);
  return { title: sc.ast.title, span: sc.ast.span, profile: sc.profile, tags: sc.ast.tags.map((t) => t.name), steps, expectations, hazards, snapshot, passed };
}

function toHazard(h: ReturnType<Kernel["hazards"]>[number], label: (r: ObjRef) => string | undefined): Hazard {
  return { kind: h.kind, objects: h.objects.map((o) => label(o) ?? `${o.kind}#${o.id}`), step: h.step, message: h.message, cite: h.cite };
}

/** The step as written: its line(s), without a trailing comment. */
function stepText(source: string, span: { startOffset: number; endOffset: number }): string {
  const text = source.slice(span.startOffset, span.endOffset);
  return isOneLine(text) ? text : text.replace(/\s+/g, " ").trim();
}

/** Printable ASCII words separated by single spaces: already what `stepText` would make of it. */
function isOneLine(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 32 && c < 127) continue;
    if (c !== 32 || i === 0 || i === text.length - 1 || text.charCodeAt(i + 1) === 32) return false;
  }
  return true;
}

/** One scenario run under several profiles: its own profile judged, the others shown beside it. */
export interface ProfileColumn {
  profile: string;
  /** True for the scenario's own profile (its `kernel` line or the default): the only one judged. */
  judged: boolean;
  result: ScenarioResult;
}

export interface SideBySideStep {
  index: number;
  text: string;
  /** What each profile answered, in column order. */
  outcomes: Observed[];
  /** The answers are not all the same. */
  differs: boolean;
}

export interface MultiProfileScenario {
  title: string;
  span: ScenarioResult["span"];
  /** Column 0 is the judged run; the listed profiles follow in the order given. */
  columns: ProfileColumn[];
  steps: SideBySideStep[];
}

export interface MultiProfileResult {
  path: string;
  source: string;
  diagnostics: Diagnostic[];
  scenarios: MultiProfileScenario[];
}

/** Splits `linux-5.10,linux-6.12` into known profiles, or names the unknown ones. */
export function parseProfileList(list: string): { profiles: Profile[] } | { unknown: string[] } {
  const names = list.split(",").map((x) => x.trim()).filter((x) => x.length > 0);
  const unknown = names.filter((n) => !(PROFILES as string[]).includes(n));
  return unknown.length > 0 ? { unknown } : { profiles: [...new Set(names)] as Profile[] };
}

/**
 * Parse, check and run every scenario of a file under its own profile and
 * under each listed one (`run --kernel a,b`). Only the own-profile run is
 * judged; the other columns show what those kernels answer.
 */
export function runProfiles(source: string, path: string, profiles: readonly Profile[]): MultiProfileResult {
  const parsed = parseScn(source);
  const diagnostics = [...parsed.diagnostics];
  if (hasError(diagnostics)) return { path, source, diagnostics, scenarios: [] };
  const checked = checkFile(parsed.file);
  diagnostics.push(...checked.diagnostics);
  if (hasError(diagnostics)) return { path, source, diagnostics, scenarios: [] };
  return { path, source, diagnostics, scenarios: checked.scenarios.map((sc) => sideBySide(sc, source, profiles)) };
}

function sideBySide(sc: CheckedScenario, source: string, profiles: readonly Profile[]): MultiProfileScenario {
  const columns: ProfileColumn[] = [{ profile: sc.profile, judged: true, result: runChecked(sc, source) }];
  for (const p of profiles) {
    if (p !== sc.profile) columns.push({ profile: p, judged: false, result: runChecked({ ...sc, profile: p }, source) });
  }
  const steps = columns[0]!.result.steps.map((st, i) => {
    const outcomes = columns.map((c) => c.result.steps[i]!.observed);
    const key = (o: Observed) => JSON.stringify(o.kind === "errno" ? o.errno : o.kind === "signal" ? o.signal : o);
    return { index: st.index, text: st.text, outcomes, differs: new Set(outcomes.map(key)).size > 1 };
  });
  return { title: sc.ast.title, span: sc.ast.span, columns, steps };
}
