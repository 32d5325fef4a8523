// One file through everything `run` does to it: parse, check, the selection
// (`--tag`, `--grep`, `--shard`), run, its goldens, and with `--kernel` the
// same scenarios under other profiles, side by side. The CLI calls it for
// each file, in process or in a worker thread; both give the same values.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { checkFile } from "../check/check.js";
import { parseScn } from "../syntax/parse.js";
import type { Profile } from "../model/api.js";
import { runChecked, runProfiles, runSource, type MultiProfileScenario } from "./run.js";
import { judgeGoldens, type GoldenMode, type GoldenVerdict } from "./golden.js";
import { isFiltered, leftOutBy, onlyOtherShard, type Selection, type SkippedScenario } from "./select.js";
import type { FileResult } from "./types.js";

export interface SelectedRun {
  result: FileResult;
  /** Left out by `--tag` or `--grep` (scenarios of other shards are not listed). */
  skipped: SkippedScenario[];
  /** Every scenario title of the file, run or not, in file order. */
  titles: string[];
  /** Scenarios left to other shards. */
  elsewhere: number;
}

export interface FileRun {
  result: FileResult;
  goldens: GoldenVerdict[];
  skipped: SkippedScenario[];
  /** Scenarios left to other shards. */
  elsewhere: number;
  /** With `--kernel`: each scenario run under the listed profiles beside its own (snapshots dropped). */
  sideBySide?: MultiProfileScenario[];
}

const hasError = (d: readonly Diagnostic[]) => d.some((x) => x.severity === "error");

/** Parse, check and run the scenarios of one file that `sel` takes. Never throws on user input. */
export function runSelected(source: string, path: string, sel: Selection): SelectedRun {
  if (!isFiltered(sel)) {
    const result = runSource(source, path);
    return { result, skipped: [], titles: result.scenarios.map((s) => s.title), elsewhere: 0 };
  }
  const parsed = parseScn(source);
  const diagnostics = [...parsed.diagnostics];
  const titles = parsed.file.scenarios.map((s) => s.title);
  if (hasError(diagnostics)) return { result: { path, source, diagnostics, scenarios: [] }, skipped: [], titles, elsewhere: 0 };
  const checked = checkFile(parsed.file);
  diagnostics.push(...checked.diagnostics);
  if (hasError(diagnostics)) return { result: { path, source, diagnostics, scenarios: [] }, skipped: [], titles, elsewhere: 0 };
  const result: FileResult = { path, source, diagnostics, scenarios: [] };
  const skipped: SkippedScenario[] = [];
  let elsewhere = 0;
  for (const sc of checked.scenarios) {
    const key = { title: sc.ast.title, tags: sc.ast.tags.map((t) => t.name) };
    const reason = leftOutBy(sel, path, key);
    if (reason === undefined) result.scenarios.push(runChecked(sc, source));
    else if (onlyOtherShard(sel, path, key)) elsewhere++;
    else skipped.push({ title: key.title, span: sc.ast.span, tags: key.tags, reason });
  }
  return { result, skipped, titles, elsewhere };
}

/** Run one file and judge its goldens as `mode` allows; with `kernels`, also under those profiles. */
export async function runFile(source: string, path: string, sel: Selection, mode: GoldenMode, kernels: readonly string[] = []): Promise<FileRun> {
  const { result, skipped, titles, elsewhere } = runSelected(source, path, sel);
  const goldens = await judgeGoldens(result, mode, { titles });
  const run: FileRun = { result, goldens, skipped, elsewhere };
  if (kernels.length > 0 && result.scenarios.length > 0) {
    const taken = new Set(result.scenarios.map((s) => s.title));
    run.sideBySide = runProfiles(source, path, kernels as Profile[]).scenarios.filter((s) => taken.has(s.title));
    for (const s of run.sideBySide) for (const c of s.columns) c.result.snapshot = {};
  }
  return run;
}
