// The one interface between a run and its output. The CLI hands every event
// to a Reporter and prints nothing itself; reporters are small and
// registered by name. Also the verdict logic every reporter and the exit
// code share: when a scenario fails, and the summary counts.
import type { FileResult, ScenarioResult } from "../engine/types.js";
import { goldenFailed, type GoldenVerdict } from "../engine/golden.js";
import type { SkippedScenario } from "../engine/select.js";
import type { MultiProfileScenario } from "../engine/run.js";

export type { SkippedScenario } from "../engine/select.js";

export type Command = "run" | "check";

/** A file's result with the verdicts of its golden file (none for `check`, stdin, mail). */
export interface FileReport {
  result: FileResult;
  goldens: GoldenVerdict[];
  /** Scenarios the selection left out (scenarios of other shards are not listed). */
  skipped?: SkippedScenario[];
  /** With `--kernel`: each scenario's step outcomes under every listed profile, beside its own. */
  profiles?: MultiProfileScenario[];
}

/** A golden file whose `.scn` file is gone, found under a directory the run searched. */
export interface ObsoleteGoldenFile {
  file: string;
  /** Deleted by `--prune`. */
  removed: boolean;
  /** Why it could not be deleted. */
  error?: string;
}

/** What a reporter knows before the first file. */
export interface RunStart {
  command: Command;
  /** Inputs to run, problems included. */
  inputs: number;
}

/** An input that could not be run at all: an unreadable path, a directory without `.scn` files, an internal error. */
export interface InputProblem {
  path: string;
  message: string;
}

export interface RunSummary {
  command: Command;
  /** Files read and run (or checked). */
  files: number;
  /** Files with error diagnostics, or whose run hit an internal error. */
  invalidFiles: number;
  /** Inputs that could not be read. */
  inputErrors: number;
  /** Scenarios. */
  passed: number;
  failed: number;
  /** Scenarios `--tag` or `--grep` left out. */
  skipped: number;
  goldensWritten: number;
  goldensUpdated: number;
  /** Golden titles no scenario has any more (kept, or removed with `--prune`). */
  goldensObsolete: number;
  /** Golden files whose `.scn` file is gone. */
  obsoleteFiles: ObsoleteGoldenFile[];
}

export interface Reporter {
  /** Optional: reporters that print a plan or a header need the number of inputs. */
  onStart?(start: RunStart): void;
  onFileStart(path: string): void;
  onFileResult(report: FileReport): void;
  onInputProblem(problem: InputProblem): void;
  /** Resolves once everything is written (a file reporter writes its file here). */
  onEnd(summary: RunSummary): void | Promise<void>;
}

/** Whether a file has error diagnostics (then none of its scenarios ran). */
export function isInvalid(result: FileResult): boolean {
  return result.diagnostics.some((d) => d.severity === "error");
}

/** The golden verdicts that concern one scenario. */
export function verdictsFor(title: string, goldens: GoldenVerdict[]): GoldenVerdict[] {
  return goldens.filter((v) => ("title" in v ? v.title === title : v.kind === "error" && v.titles.includes(title)));
}

/** A scenario fails on a step outcome, an expectation, or its golden. */
export function scenarioFailed(s: ScenarioResult, goldens: GoldenVerdict[]): boolean {
  return !s.passed || verdictsFor(s.title, goldens).some(goldenFailed);
}

export function emptySummary(command: Command): RunSummary {
  return { command, files: 0, invalidFiles: 0, inputErrors: 0, passed: 0, failed: 0, skipped: 0, goldensWritten: 0, goldensUpdated: 0, goldensObsolete: 0, obsoleteFiles: [] };
}

/** Add one file's report to the summary. */
export function tally(summary: RunSummary, report: FileReport): void {
  summary.files++;
  if (isInvalid(report.result)) summary.invalidFiles++;
  for (const s of report.result.scenarios) {
    if (scenarioFailed(s, report.goldens)) summary.failed++;
    else summary.passed++;
  }
  summary.skipped += report.skipped?.length ?? 0;
  for (const v of report.goldens) {
    if (v.kind === "missing-written") summary.goldensWritten++;
    else if (v.kind === "updated") summary.goldensUpdated++;
    else if (v.kind === "obsolete") summary.goldensObsolete += v.titles.length;
  }
}

/**
 * The exit code: 2 when any input was invalid or unreadable, else 1 when any
 * scenario failed, else 0. (Usage errors and internal errors also exit 2;
 * the CLI decides those before and around the run.)
 */
export function exitCode(summary: RunSummary): 0 | 1 | 2 {
  if (summary.invalidFiles > 0 || summary.inputErrors > 0) return 2;
  return summary.failed > 0 ? 1 : 0;
}
