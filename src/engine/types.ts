// What running a scenario produces: the values the engine hands to goldens,
// reporters and the CLI. Plain data only.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../syntax/ast.js";

/** What the model answered to one step. */
export type Observed =
  | {
      kind: "ok";
      /** the object a step yields (find-bo, lookup), by bound name */
      value?: string;
      /** The kernel path refused without an errno and changed nothing (language.md "Kernel-internal verbs"). */
      refused?: { reason: string; cite: string };
    }
  | { kind: "errno"; errno: string; reason: string; cite: string }
  | { kind: "signal"; signal: string; reason: string; cite: string }
  | { kind: "none" }
  /** The step could not be issued: a name it uses was never bound (the step binding it failed). */
  | { kind: "not-run"; reason: string };

export interface StepReport {
  /** 1-based index among the scenario's steps. */
  index: number;
  span: Span;
  /** The step as written (one line, comments stripped). */
  text: string;
  /** The outcome the scenario expects, as written (`ok` when none is written). */
  expected: string;
  observed: Observed;
  status: "pass" | "fail";
  /** For a failure: what went wrong, in one line. */
  message?: string;
  /** The kernel rule behind the observed outcome (`file: function`). */
  cite?: string;
}

export interface ExpectationReport {
  span: Span;
  text: string;
  status: "pass" | "fail";
  /** What the state held, e.g. `D.refs is 3`. */
  actual?: string;
  message?: string;
}

export interface Hazard {
  kind: string;
  /** Bound names of the objects involved (or canonical ids where unnamed). */
  objects: string[];
  /** 1-based step index where it was detected (0: at the end of the run). */
  step: number;
  message: string;
  cite?: string;
}

export type Snapshot = { [key: string]: SnapshotValue };
export type SnapshotValue = string | number | boolean | null | SnapshotValue[] | { [key: string]: SnapshotValue };

export interface ScenarioResult {
  title: string;
  span: Span;
  profile: string;
  tags: string[];
  steps: StepReport[];
  expectations: ExpectationReport[];
  hazards: Hazard[];
  /** The canonical final state, as it goes into the golden file. */
  snapshot: Snapshot;
  /** True when every step outcome and every expectation held (goldens are judged separately). */
  passed: boolean;
}

export interface FileResult {
  /** The path as given, or `<stdin>`. */
  path: string;
  source: string;
  /** Parse and check diagnostics; a file with an error runs none of its scenarios. */
  diagnostics: Diagnostic[];
  scenarios: ScenarioResult[];
}
