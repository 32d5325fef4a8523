// The library's test-friendly entry points: `parseScenario` and
// `runScenario`, for a vitest (or any) test that writes a scenario inline,
// runs it on the kernel model and asserts on its final state. Unlike
// `runSource`, they throw a ScenarioError (with the diagnostics, printed as
// the CLI prints them) on text that is not a valid scenario: in a test,
// that is a mistake to stop at.
import { checkFile } from "../check/check.js";
import type { CheckedScenario } from "../check/checked.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { formatDiagnostics } from "../diagnostics/print.js";
import { parseScn } from "../syntax/parse.js";
import { runChecked } from "./run.js";
import type { ScenarioResult, Snapshot, SnapshotValue } from "./types.js";

/** Text that is not a valid scenario; `message` shows each diagnostic with its source line. */
export class ScenarioError extends Error {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[],
  ) {
    super(message);
    this.name = "ScenarioError";
  }
}

/** Checked scenarios of one text, ready to run. */
export interface ParsedScenarios {
  path: string;
  source: string;
  scenarios: CheckedScenario[];
  /** Warnings (errors throw). */
  diagnostics: Diagnostic[];
}

export interface ScenarioOptions {
  /** Shown in messages; default `<inline>`. */
  path?: string;
  /** Which scenario to run when the text holds several. */
  title?: string;
}

/** Parse and check `text`; throws a ScenarioError when it has an error. */
export function parseScenario(text: string, opts: ScenarioOptions = {}): ParsedScenarios {
  const path = opts.path ?? "<inline>";
  const parsed = parseScn(text);
  const diagnostics = [...parsed.diagnostics];
  const checked = diagnostics.some((d) => d.severity === "error") ? undefined : checkFile(parsed.file);
  if (checked) diagnostics.push(...checked.diagnostics);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (checked === undefined || errors.length > 0) throw new ScenarioError(`${path} is not a valid scenario:\n${formatDiagnostics(errors, text, path)}`, errors);
  return { path, source: text, scenarios: checked.scenarios, diagnostics };
}

/** Run the scenario of `input` (the one titled `opts.title` when it holds several) on a fresh kernel model. */
export function runScenario(input: string | ParsedScenarios, opts: ScenarioOptions = {}): ScenarioResult {
  const parsed = typeof input === "string" ? parseScenario(input, opts) : input;
  const { scenarios, path } = parsed;
  const chosen = opts.title === undefined ? scenarios : scenarios.filter((s) => s.ast.title === opts.title);
  if (chosen.length !== 1) {
    const titles = scenarios.map((s) => JSON.stringify(s.ast.title)).join(", ");
    const why = opts.title === undefined ? `holds ${scenarios.length} scenarios (${titles}): say which with { title }` : `has no scenario titled ${JSON.stringify(opts.title)} (it has ${titles})`;
    throw new ScenarioError(`${path} ${why}`, []);
  }
  return runChecked(chosen[0]!, parsed.source);
}

/** The value at `path` of a snapshot: `D.refs` (an object's field), `objects.D.refs`, `events[2]`, `hazards`. */
export function stateAt(snapshot: Snapshot, path: string): SnapshotValue | undefined {
  const parts = path.match(/[^.[\]]+|\[\d+\]/g) ?? [];
  let cur: SnapshotValue | undefined = parts.length > 0 && !Object.hasOwn(snapshot, parts[0]!) ? snapshot.objects : snapshot;
  for (const part of parts) {
    if (cur === null || typeof cur !== "object") return undefined;
    const key = part.startsWith("[") ? Number(part.slice(1, -1)) : part;
    cur = Array.isArray(cur) ? (typeof key === "number" ? cur[key] : undefined) : Object.hasOwn(cur, key) ? cur[key as string] : undefined;
  }
  return cur;
}
