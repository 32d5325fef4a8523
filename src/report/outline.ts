// A run's results as a tree of named checks, the shape the machine-readable
// reporters (ktap, tap, junit, github) print: a file holds scenarios, a
// scenario holds its steps, its expectations and its golden. Every node has
// a status and plain-text detail lines; nothing here is coloured.
import type { GoldenVerdict } from "../engine/golden.js";
import { formatChange } from "../engine/golden-compare.js";
import type { ExpectationReport, Hazard, ScenarioResult, StepReport } from "../engine/types.js";
import type { Span } from "../syntax/ast.js";
import { describeAnswer } from "./pretty-scenario.js";
import { differenceNotes } from "./pretty-profiles.js";
import { isInvalid, scenarioFailed, verdictsFor, type FileReport, type SkippedScenario } from "./reporter.js";

export type Status = "pass" | "fail" | "skip";

export interface CheckNode {
  name: string;
  status: Status;
  /** Where in the `.scn` file the check is written (the golden: the scenario's title line). */
  span: Span;
  /** What went wrong, or what happened worth saying (a golden written). */
  details: string[];
}

export interface ScenarioNode {
  title: string;
  span: Span;
  status: Status;
  /** Why the scenario was skipped. */
  skipReason?: string;
  checks: CheckNode[];
  /** Hazards the model found (findings, not failures). */
  notes: string[];
}

export interface FileNode {
  path: string;
  /** `error`: the file could not be read, or has error diagnostics (none of its scenarios ran). */
  status: Status | "error";
  scenarios: ScenarioNode[];
  /** For an error: the diagnostics or the problem, one line each; else golden-file findings. */
  details: string[];
}

function stepCheck(s: StepReport): CheckNode {
  const details: string[] = [];
  if (s.status === "fail") {
    details.push(`expected ${s.expected}, the model answered ${describeAnswer(s.observed)}`);
    if (s.message !== undefined && !s.message.startsWith("expected ")) details.push(s.message);
    const cite = s.cite ?? ("cite" in s.observed ? s.observed.cite : undefined);
    if (cite) details.push(`rule: ${cite}`);
  }
  return { name: `step ${s.index}: ${s.text}`, status: s.status, span: s.span, details };
}

function expectCheck(e: ExpectationReport): CheckNode {
  const details: string[] = [];
  if (e.status === "fail") {
    const restates = e.message !== undefined && e.actual !== undefined && e.message === `does not hold: ${e.actual}`;
    if (e.message !== undefined && !restates) details.push(e.message);
    else details.push(e.actual !== undefined ? `the state held: ${e.actual}` : "does not hold");
  }
  return { name: `expect ${e.text}`, status: e.status, span: e.span, details };
}

/** The golden check of a scenario, or undefined when the file has no golden (stdin, check). */
function goldenCheck(s: ScenarioResult, goldens: GoldenVerdict[]): CheckNode | undefined {
  const v = verdictsFor(s.title, goldens)[0];
  if (v === undefined) return undefined;
  const check = (status: Status, details: string[]): CheckNode => ({ name: "golden", status, span: s.span, details });
  switch (v.kind) {
    case "match":
      return check("pass", []);
    case "mismatch":
      return check("fail", [`golden differs: ${v.file}`, ...v.changes.map(formatChange), "run with -u to accept the new state"]);
    case "updated":
      return check("pass", [`golden updated: ${v.file}`, ...v.changes.map(formatChange)]);
    case "missing-written":
      return check("pass", [`golden written: ${v.file}`]);
    case "missing-ci":
      return check("fail", [`golden missing: ${v.file} has no entry for this scenario; CI is set, so none was written`]);
    case "error":
      return check("fail", [v.message]);
    case "obsolete":
      return undefined;
  }
}

export function hazardNote(h: Hazard): string {
  const on = h.objects.length > 0 ? ` on ${h.objects.join(", ")}` : "";
  const when = h.step === 0 ? "at the end" : `after step ${h.step}`;
  return `hazard ${h.kind}${on} (${when}): ${h.message}${h.cite ? ` [rule: ${h.cite}]` : ""}`;
}

export function scenarioNode(s: ScenarioResult, goldens: GoldenVerdict[]): ScenarioNode {
  const checks = [...s.steps.map(stepCheck), ...s.expectations.map(expectCheck)];
  const golden = goldenCheck(s, goldens);
  if (golden) checks.push(golden);
  return { title: s.title, span: s.span, status: scenarioFailed(s, goldens) ? "fail" : "pass", checks, notes: s.hazards.map(hazardNote) };
}

function skippedNode(s: SkippedScenario): ScenarioNode {
  return { title: s.title, span: s.span, status: "skip", skipReason: s.reason, checks: [], notes: [] };
}

/** Golden-file findings that concern no single scenario: obsolete titles, a file that could not be read or written. */
export function goldenFileDetails(goldens: GoldenVerdict[]): string[] {
  const out: string[] = [];
  for (const v of goldens) {
    if (v.kind === "error") out.push(`golden error: ${v.message}`);
    if (v.kind !== "obsolete") continue;
    const list = v.titles.map((t) => JSON.stringify(t)).join(", ");
    out.push(v.removed ? `golden ${v.file}: removed obsolete ${list}` : `golden ${v.file} holds titles no scenario has any more: ${list} (run with --prune to remove)`);
  }
  return out;
}

/** One line per diagnostic: `path:line:col: error SCN2003: message (hint)`. */
export function diagnosticLines(report: FileReport): string[] {
  return report.result.diagnostics.map((d) => {
    const hint = d.hint ? ` (${d.hint})` : "";
    return `${report.result.path}:${d.span.startLine}:${d.span.startColumn}: ${d.severity} ${d.code}: ${d.message}${hint}`;
  });
}

export function fileNode(report: FileReport): FileNode {
  const { result, goldens } = report;
  if (isInvalid(result)) return { path: result.path, status: "error", scenarios: [], details: diagnosticLines(report) };
  const ran = result.scenarios.map((s) => {
    const node = scenarioNode(s, goldens);
    const multi = report.profiles?.find((m) => m.title === s.title);
    if (multi) node.notes.push(...differenceNotes(multi));
    return node;
  });
  const skipped = (report.skipped ?? []).map(skippedNode);
  // Scenarios in file order, run or skipped.
  const scenarios = [...ran, ...skipped].sort((a, b) => a.span.startOffset - b.span.startOffset);
  const details = [...diagnosticLines(report), ...goldenFileDetails(goldens)];
  const failed = scenarios.some((s) => s.status === "fail") || goldens.some((v) => v.kind === "error");
  const allSkipped = scenarios.length > 0 && scenarios.every((s) => s.status === "skip");
  return { path: result.path, status: failed ? "fail" : allSkipped ? "skip" : "pass", scenarios, details };
}

export function problemNode(path: string, message: string): FileNode {
  return { path, status: "error", scenarios: [], details: [message] };
}
