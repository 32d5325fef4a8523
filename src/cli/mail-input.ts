// `run` given an email (standard input, or a file not ending in `.scn`):
// every scenario found in it (syntax/email.ts) runs on its own, and where
// the mail carries a result block, the claim is judged against this run
// (report/mail-claim.ts): it holds, or each step, expectation or hazard that
// now differs fails the scenario. All scenarios come back as one file result
// whose source is the mail's scenario lines, unquoted, at their own lines.
// A text that is a plain `.scn` runs as one. Mail text has no golden.
import { runFile, runSelected, type FileRun } from "../engine/run-file.js";
import { runProfiles } from "../engine/run.js";
import type { Profile } from "../model/api.js";
import { readSource, type FileJob, type FileOutcome } from "../engine/workers.js";
import type { ExpectationReport, ScenarioResult } from "../engine/types.js";
import type { Span } from "../syntax/ast.js";
import { findScenarios, isMailText, type FoundScenario } from "../syntax/email.js";
import { parseScn } from "../syntax/parse.js";
import { checkClaim, isEmptyClaim, readClaim } from "../report/mail-claim.js";
import { version } from "./version.js";

const hasError = (text: string) => parseScn(text).diagnostics.some((d) => d.severity === "error");

/** The scenarios of a mail, or undefined when the text is to run as a `.scn` text. */
export function mailScenarios(source: string): FoundScenario[] | undefined {
  const found = findScenarios(source);
  if (found.length === 0) return undefined;
  if (isMailText(source)) return found;
  // Unquoted: prose around a scenario makes it a mail only when the scenarios alone are clean.
  return hasError(source) && found.every((f) => !hasError(f.source)) ? found : undefined;
}

/** Each scenario's lines where they are, every other line as blanks of the merged line's length (so offsets agree). */
function layout(found: FoundScenario[]): { merged: string; sources: string[] } {
  const lines = found.map((f) => f.source.split("\n"));
  const merged = lines[0]!.map((_, i) => lines.find((l) => l[i] !== "")?.[i] ?? "");
  const sources = lines.map((own) => own.map((l, i) => (l !== "" ? l : " ".repeat(merged[i]!.length))).join("\n"));
  return { merged: merged.join("\n"), sources };
}

function lineSpan(text: string, line: number): Span {
  let offset = 0;
  for (let n = 1; n < line; n++) offset = text.indexOf("\n", offset) + 1;
  const end = text.indexOf("\n", offset);
  const endOffset = end < 0 ? text.length : end;
  return { startOffset: offset, endOffset, startLine: line, startColumn: 1, endLine: line, endColumn: endOffset - offset + 1 };
}

/** The claim of a mail's result block, judged: expectation reports added to the scenario it follows. */
function judgeClaim(f: FoundScenario, s: ScenarioResult, merged: string): void {
  if (!f.result) return;
  const claim = readClaim(f.result.line, f.result.lines);
  if (isEmptyClaim(claim)) return;
  const check = checkClaim(claim, s, f.source, version());
  const span = lineSpan(merged, f.result.line);
  if (check.holds) {
    s.expectations.push({ span, text: "the mail's result holds", status: "pass" });
    return;
  }
  const reports: ExpectationReport[] = [...check.differences, ...check.notes.map((n) => `note: ${n}`)].map((message) => ({ span, text: "the mail's result", status: "fail", message }));
  s.expectations.push(...reports);
  s.passed = false;
}

/** `--kernel`: the scenarios run also under the listed profiles, beside their own. */
function sideBySide(run: FileRun, source: string, path: string, kernels: string[], taken: ScenarioResult[]): void {
  const titles = new Set(taken.map((s) => s.title));
  const columns = runProfiles(source, path, kernels as Profile[]).scenarios.filter((s) => titles.has(s.title));
  for (const s of columns) for (const c of s.columns) c.result.snapshot = {};
  (run.sideBySide ??= []).push(...columns);
}

/** Run a mail's scenarios and judge its claims. */
function runMail(found: FoundScenario[], path: string, job: FileJob): FileRun {
  const { merged, sources } = layout(found);
  const run: FileRun = { result: { path, source: merged, diagnostics: [], scenarios: [] }, goldens: [], skipped: [], elsewhere: 0 };
  found.forEach((f, i) => {
    const one = runSelected(sources[i]!, path, job.sel);
    run.result.diagnostics.push(...one.result.diagnostics);
    const last = one.result.scenarios[one.result.scenarios.length - 1];
    if (last) judgeClaim(f, last, merged);
    run.result.scenarios.push(...one.result.scenarios);
    run.skipped.push(...one.skipped);
    run.elsewhere += one.elsewhere;
    if ((job.kernels ?? []).length > 0) sideBySide(run, sources[i]!, path, job.kernels!, one.result.scenarios);
  });
  if (!job.keepSnapshots) for (const s of run.result.scenarios) s.snapshot = {};
  return run;
}

/** `run` of a text that is not a `.scn` file: a mail's scenarios and claims, or the text itself as `.scn`. */
export async function runText(source: string, path: string, job: FileJob): Promise<FileRun> {
  const found = mailScenarios(source);
  if (found === undefined) return runFile(source, path, job.sel, job.mode, job.kernels ?? []);
  return runMail(found, path, job);
}

/** Read a file that is not a `.scn` file and run it as a mail (or as `.scn` text); never throws. */
export async function runTextAt(path: string, job: FileJob): Promise<FileOutcome> {
  const read = readSource(path);
  if (!("source" in read)) return read;
  try {
    return { kind: "ran", run: await runText(read.source, path, job) };
  } catch (e) {
    return { kind: "crash", message: e instanceof Error ? e.message : String(e) };
  }
}
