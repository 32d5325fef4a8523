// The engine's entry points: text → parse → check → run each scenario on a
// fresh kernel model → judge outcomes and expectations → FileResult.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { Kernel } from "../model/index.js";
import type { DeviceKind, ObjRef, Profile } from "../model/api.js";
import { parseScn } from "../syntax/parse.js";
import { checkFile } from "../check/check.js";
import type { CheckedScenario } from "../check/checked.js";
import type { FileResult, Hazard, ScenarioResult, StepReport } from "./types.js";
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
    const holds = !("unbound" in answer) && outcomeHolds(step, answer, names);
    const rep: StepReport = { index: step.index, span: step.step.span, text: stepText(source, step.step.span), expected: step.outcome.text, observed, status: holds ? "pass" : "fail" };
    if (observed.kind === "errno" || observed.kind === "signal") {
      if (observed.cite) rep.cite = observed.cite;
    }
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
  return source.slice(span.startOffset, span.endOffset).replace(/\s+/g, " ").trim();
}
