// The pretty reporter's text for one scenario: its ✓/✗ line, and under it
// every failed step (where, what was written, what was expected, what the
// model answered and the rule behind it), every failed expectation with what
// the state held, and the hazards the model found.
import type { ExpectationReport, Hazard, Observed, ScenarioResult, StepReport } from "../engine/types.js";
import type { GoldenVerdict } from "../engine/golden.js";
import type { Palette } from "./colors.js";
import { scenarioFailed, verdictsFor } from "./reporter.js";
import { goldenScenarioLines } from "./pretty-golden.js";

export const PASS_MARK = "✓";
export const FAIL_MARK = "✗";

/** `file:line:col` of a span's start. */
export function at(path: string, span: { startLine: number; startColumn: number }): string {
  return `${path}:${span.startLine}:${span.startColumn}`;
}

/** What the model answered, as the report words it: `ok`, `D`, `none`, `EPERM: <reason>`. */
export function describeAnswer(o: Observed): string {
  switch (o.kind) {
    case "ok":
      return o.refused ? `refused: ${o.refused.reason}` : (o.value ?? "ok");
    case "none":
      return "none";
    case "errno":
      return o.reason === "" ? o.errno : `${o.errno}: ${o.reason}`;
    case "signal":
      return o.reason === "" ? o.signal : `${o.signal}: ${o.reason}`;
    case "not-run":
      return `nothing: the step was not issued (${o.reason})`;
  }
}

function stepLines(path: string, s: StepReport, p: Palette): string[] {
  const lines = [`    ${p.location(at(path, s.span))}: step ${s.index}: ${p.bold(s.text)}`];
  lines.push(`      expected ${s.expected}, the model answered ${describeAnswer(s.observed)}`);
  // The engine's message usually restates the answer; print it only when it says something else.
  if (s.message !== undefined && !s.message.startsWith("expected ")) lines.push(`      ${s.message}`);
  const cite = s.cite ?? ("cite" in s.observed ? s.observed.cite : undefined);
  if (cite) lines.push(`      ${p.dim("rule:")} ${cite}`);
  return lines;
}

function expectationLines(path: string, e: ExpectationReport, p: Palette): string[] {
  const lines = [`    ${p.location(at(path, e.span))}: expect ${p.bold(e.text)}`];
  const restates = e.message !== undefined && e.actual !== undefined && e.message === `does not hold: ${e.actual}`;
  if (e.message !== undefined && !restates) lines.push(`      ${e.message}`);
  else if (e.actual !== undefined) lines.push(`      the state held: ${e.actual}`);
  else lines.push("      does not hold");
  return lines;
}

/** A step whose kernel path refused without an errno: it passes, and the report says so. */
function refusedLines(path: string, s: StepReport, p: Palette): string[] {
  if (s.status !== "pass" || s.observed.kind !== "ok" || !s.observed.refused) return [];
  return [`    ${p.location(at(path, s.span))}: step ${s.index}: ${p.bold(s.text)}: refused, nothing changed (${s.observed.refused.reason})`, `      ${p.dim("rule:")} ${s.observed.refused.cite}`];
}

export function hazardLines(h: Hazard, p: Palette): string[] {
  const on = h.objects.length > 0 ? ` on ${h.objects.join(", ")}` : "";
  const when = h.step === 0 ? "at the end" : `after step ${h.step}`;
  const lines = [`    ${p.warn(`hazard ${h.kind}`)}${on} ${p.dim(`(${when})`)}: ${h.message}`];
  if (h.cite) lines.push(`      ${p.dim("rule:")} ${h.cite}`);
  return lines;
}

/** The scenario's block: the ✓/✗ line, then failures, hazards and golden findings. */
export function scenarioLines(path: string, s: ScenarioResult, goldens: GoldenVerdict[], p: Palette): string[] {
  const failed = scenarioFailed(s, goldens);
  const mark = failed ? p.fail(FAIL_MARK) : p.pass(PASS_MARK);
  const lines = [`${mark} ${s.title}  ${p.dim(`${path}:${s.span.startLine}`)}`];
  for (const step of s.steps) lines.push(...(step.status === "fail" ? stepLines(path, step, p) : refusedLines(path, step, p)));
  for (const e of s.expectations) if (e.status === "fail") lines.push(...expectationLines(path, e, p));
  for (const h of s.hazards) lines.push(...hazardLines(h, p));
  for (const v of verdictsFor(s.title, goldens)) lines.push(...goldenScenarioLines(v, p));
  return lines;
}
