// `run` and `check` over every input: the selection and golden mode from the
// options, the reporters, files run in this thread or on a pool of worker
// threads, results reported in input order (so the output is the same
// however many threads ran it), obsolete golden files, the exit code.
import { availableParallelism } from "node:os";
import { readFileSync, statSync } from "node:fs";
import { checkSource } from "../engine/run.js";
import type { Selection } from "../engine/select.js";
import { runFileAt, type FileJob, type FileOutcome } from "../engine/workers.js";
import { emptySummary, exitCode, tally, type Command, type FileReport, type Reporter, type RunSummary } from "../report/reporter.js";
import type { CliIO } from "./cli.js";
import { collectInputs, reason, STDIN_PATH, type Input } from "./inputs.js";
import type { CommandOptions } from "./options.js";
import { openOutputs } from "./outputs.js";
import { Progress } from "./progress.js";
import { pruneOrphans } from "./orphans.js";

/**
 * Files a multi-threaded run starts ahead of the one it reports next, per
 * thread: enough that the other threads keep working while a slow file is
 * at the head, few enough that the results held stay small.
 */
const WINDOW_PER_THREAD = 32;

/** Below this many bytes of `.scn` text a run stays in one thread: starting workers would cost more. */
export const PARALLEL_BYTES = 192 * 1024;

type Runner = { run: (path: string, job: FileJob) => Promise<FileOutcome>; close: () => Promise<void> };

export function selectionOf(opts: CommandOptions): Selection {
  const sel: Selection = { tags: opts.tags };
  if (opts.grep !== undefined) sel.grep = new RegExp(opts.grep, "u");
  if (opts.shard !== undefined) sel.shard = opts.shard;
  return sel;
}

/** How many threads run files (this one and the rest workers): --jobs, else every core when the run is big enough. */
export function threadsFor(files: string[], opts: CommandOptions, io: CliIO): number {
  if (io.workerScript === undefined || files.length < 2) return 1;
  if (opts.jobs !== undefined) return Math.min(opts.jobs, files.length);
  let bytes = 0;
  for (const f of files) {
    try {
      bytes += statSync(f).size;
    } catch {
      // reported when the file is read
    }
  }
  return bytes < PARALLEL_BYTES ? 1 : Math.min(availableParallelism(), files.length);
}

async function poolOf(n: number, io: CliIO): Promise<Runner> {
  const { FilePool } = await import("../engine/workers.js");
  const pool = new FilePool(io.workerScript!, n);
  return { run: (p, j) => pool.run(p, j), close: () => pool.close() };
}

interface Session {
  command: Command;
  job: FileJob;
  io: CliIO;
  reporter: Reporter;
  summary: RunSummary;
}

/** Report one input's outcome. Returns its number of scenarios (for progress). */
function report(s: Session, path: string, outcome: FileOutcome): number {
  if (outcome.kind === "unreadable") {
    s.summary.inputErrors++;
    const why = path === STDIN_PATH ? `cannot read standard input: ${outcome.message}` : `cannot read: ${reason(outcome)}`;
    s.reporter.onInputProblem({ path, message: why });
    return 0;
  }
  if (outcome.kind === "crash") {
    s.summary.files++;
    s.summary.invalidFiles++;
    s.reporter.onInputProblem({ path, message: `internal error: ${outcome.message} (this is a bug in dmabuf-scn; please report it with this file)` });
    return 0;
  }
  const { result, goldens, skipped, elsewhere, sideBySide } = outcome.run;
  // A file whose every scenario is another shard's is not this run's to report.
  if (elsewhere > 0 && result.scenarios.length === 0 && skipped.length === 0 && result.diagnostics.length === 0) return 0;
  const rep: FileReport = { result, goldens, skipped };
  if (sideBySide) rep.profiles = sideBySide;
  s.reporter.onFileStart(path);
  tally(s.summary, rep);
  s.reporter.onFileResult(rep);
  return result.scenarios.length;
}

async function fromStdin(s: Session): Promise<FileOutcome> {
  let source: string;
  try {
    source = await s.io.readStdin();
  } catch (e) {
    return { kind: "unreadable", message: reason(e) };
  }
  if (s.command === "check") return { kind: "ran", run: { result: { path: STDIN_PATH, source, diagnostics: checkSource(source, STDIN_PATH), scenarios: [] }, goldens: [], skipped: [], elsewhere: 0 } };
  try {
    return { kind: "ran", run: await (await import("./mail-input.js")).runText(source, STDIN_PATH, s.job) };
  } catch (e) {
    return { kind: "crash", message: e instanceof Error ? e.message : String(e) };
  }
}

/** `check` reads and checks in this thread: it is quick. */
async function checkAt(path: string): Promise<FileOutcome> {
  try {
    const source = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
    return { kind: "ran", run: { result: { path, source, diagnostics: checkSource(source, path), scenarios: [] }, goldens: [], skipped: [], elsewhere: 0 } };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { kind: "unreadable", ...(err.code ? { code: err.code } : {}), message: err.message };
  }
}

/**
 * Run every input and report them in input order. At most `ahead` inputs
 * are started and not yet reported: enough to keep every thread busy, while
 * results are let go as soon as they are reported (a run keeps no more of a
 * large corpus in memory than its window).
 */
async function runAll(s: Session, inputs: Input[], runner: Runner, ahead: number, progress: Progress | undefined): Promise<void> {
  const start = (input: Input): Promise<FileOutcome> | undefined => {
    if (input.kind !== "file") return undefined;
    if (s.command === "check") return checkAt(input.path);
    // Not a .scn file: maybe a mail (mail-input.ts), read and run in this thread.
    return input.path.endsWith(".scn") ? runner.run(input.path, s.job) : import("./mail-input.js").then((m) => m.runTextAt(input.path, s.job));
  };
  const started: (Promise<FileOutcome> | undefined)[] = [];
  let next = 0;
  for (const [i, input] of inputs.entries()) {
    for (; next < inputs.length && next < i + ahead; next++) started[next] = start(inputs[next]!);
    let n = 0;
    if (input.kind === "problem") {
      s.summary.inputErrors++;
      s.reporter.onInputProblem({ path: input.path, message: input.message });
    } else if (input.kind === "stdin") {
      n = report(s, STDIN_PATH, await fromStdin(s));
    } else {
      n = report(s, input.path, await started[i]!);
    }
    started[i] = undefined;
    progress?.tick(n);
  }
}

/** Run or check every input of `paths`; resolves to the exit code. */
export async function runInputs(command: Command, paths: readonly string[], opts: CommandOptions, ci: boolean, io: CliIO): Promise<number> {
  const inputs = collectInputs(paths);
  const progress = io.stderrIsTTY && io.now ? new Progress(inputs.length, io.stderr, io.now) : undefined;
  const out = await openOutputs(opts.reporters, command, io, progress ? progress.wrap(io.stdout) : io.stdout);
  const job: FileJob = { sel: selectionOf(opts), mode: { update: opts.update, ci, prune: opts.prune }, keepSnapshots: out.needsSnapshots, kernels: opts.kernels };
  const s: Session = { command, job, io, reporter: out.reporter, summary: emptySummary(command) };
  s.reporter.onStart?.({ command, inputs: inputs.length });
  const files = inputs.flatMap((i) => (i.kind === "file" ? [i.path] : []));
  const threads = command === "run" ? threadsFor(files, opts, io) : 1;
  const runner = threads > 1 ? await poolOf(threads, io) : { run: runFileAt, close: async () => undefined };
  try {
    await runAll(s, inputs, runner, threads > 1 ? threads * WINDOW_PER_THREAD : 1, progress);
  } finally {
    await runner.close();
  }
  if (command === "run") s.summary.obsoleteFiles = pruneOrphans(paths, opts.prune);
  progress?.clear();
  const problems = await out.finish(s.summary);
  for (const p of problems) io.stderr(`dmabuf-scn: ${p}\n`);
  return problems.length > 0 ? 2 : exitCode(s.summary);
}
