// From .scn text to what verification works on: each scenario checked (a
// file with error diagnostics contributes none, and its diagnostics are
// handed back for the report) and planned.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { parseScn } from "../syntax/parse.js";
import { checkFile } from "../check/check.js";
import type { CheckedScenario, CheckedStep } from "../check/checked.js";
import { planScenario } from "./plan.js";
import type { PlanScenario } from "./plan-types.js";

export interface LoadedScenario {
  path: string;
  source: string;
  checked: CheckedScenario;
  plan: PlanScenario;
}

export interface LoadedFile {
  path: string;
  source: string;
  diagnostics: Diagnostic[];
  scenarios: LoadedScenario[];
}

/** The step as written: its line(s), whitespace folded. */
export function stepText(source: string, step: CheckedStep): string {
  const span = step.step.span;
  return source.slice(span.startOffset, span.endOffset).replace(/\s+/g, " ").trim();
}

/** Parse, check and plan every scenario of one file. Never throws on user input. */
export function loadSource(source: string, path: string): LoadedFile {
  const parsed = parseScn(source);
  const diagnostics = [...parsed.diagnostics];
  const failed = () => diagnostics.some((d) => d.severity === "error");
  if (failed()) return { path, source, diagnostics, scenarios: [] };
  const checked = checkFile(parsed.file);
  diagnostics.push(...checked.diagnostics);
  if (failed()) return { path, source, diagnostics, scenarios: [] };
  const scenarios = checked.scenarios.map((c) => ({ path, source, checked: c, plan: planScenario(c, (s) => stepText(source, s)) }));
  return { path, source, diagnostics, scenarios };
}
