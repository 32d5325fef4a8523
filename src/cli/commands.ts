// `run` and `check`: read every input, hand it to the engine, judge goldens
// (run only), and pass each result to the reporter. Every valid file runs
// even when another is invalid; a crash while running one file is reported
// against that file as an internal error and the others still run.
import { readFileSync } from "node:fs";
import { runSource, checkSource } from "../engine/run.js";
import { judgeGoldens, type GoldenMode } from "../engine/golden.js";
import type { FileResult } from "../engine/types.js";
import { colorEnabled, palette } from "../report/colors.js";
import { PrettyReporter } from "../report/pretty.js";
import { emptySummary, exitCode, tally, type FileReport, type Reporter, type RunSummary } from "../report/reporter.js";
import type { CliIO } from "./cli.js";
import { collectInputs, reason, STDIN_PATH, type Input } from "./inputs.js";

type Loaded = { path: string; source: string } | { path: string; problem: string };

async function load(input: Exclude<Input, { kind: "problem" }>, io: CliIO): Promise<Loaded> {
  if (input.kind === "stdin") {
    try {
      return { path: STDIN_PATH, source: await io.readStdin() };
    } catch (e) {
      return { path: STDIN_PATH, problem: `cannot read standard input: ${reason(e)}` };
    }
  }
  try {
    return { path: input.path, source: readFileSync(input.path, "utf8").replace(/^\uFEFF/, "") };
  } catch (e) {
    return { path: input.path, problem: `cannot read: ${reason(e)}` };
  }
}

async function judge(command: "run" | "check", path: string, source: string, mode: GoldenMode): Promise<FileReport> {
  if (command === "check") {
    const result: FileResult = { path, source, diagnostics: checkSource(source, path), scenarios: [] };
    return { result, goldens: [] };
  }
  const result = runSource(source, path);
  return { result, goldens: await judgeGoldens(result, mode) };
}

/** What every input of one command shares. */
interface Session {
  command: "run" | "check";
  mode: GoldenMode;
  io: CliIO;
  reporter: Reporter;
  summary: RunSummary;
}

async function runOne(input: Input, { command, mode, io, reporter, summary }: Session): Promise<void> {
  if (input.kind === "problem") {
    summary.inputErrors++;
    reporter.onInputProblem({ path: input.path, message: input.message });
    return;
  }
  const loaded = await load(input, io);
  if ("problem" in loaded) {
    summary.inputErrors++;
    reporter.onInputProblem({ path: loaded.path, message: loaded.problem });
    return;
  }
  reporter.onFileStart(loaded.path);
  let report: FileReport;
  try {
    report = await judge(command, loaded.path, loaded.source, mode);
  } catch (e) {
    summary.files++;
    summary.invalidFiles++;
    const what = e instanceof Error ? e.message : String(e);
    reporter.onInputProblem({ path: loaded.path, message: `internal error: ${what} (this is a bug in dmabuf-scn; please report it with this file)` });
    return;
  }
  tally(summary, report);
  reporter.onFileResult(report);
}

/** Run or check every input of `paths`; resolves to the exit code. */
export async function runCommand(command: "run" | "check", paths: readonly string[], mode: GoldenMode, io: CliIO): Promise<number> {
  const reporter = new PrettyReporter({ command, write: io.stdout, colors: palette(colorEnabled(io.env, io.isTTY)) });
  const session: Session = { command, mode, io, reporter, summary: emptySummary(command) };
  for (const input of collectInputs(paths)) await runOne(input, session);
  reporter.onEnd(session.summary);
  return exitCode(session.summary);
}
