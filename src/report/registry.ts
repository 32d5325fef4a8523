// Reporters by name. Each is loaded only when a run asks for it, so a plain
// `run` (pretty on a terminal) evaluates none of the others.
import type { Palette } from "./colors.js";
import type { ReporterName } from "./names.js";
import type { Command, Reporter } from "./reporter.js";

export interface ReporterOptions {
  command: Command;
  /** Where the text goes: standard output, or a buffer written to the reporter's file at the end. */
  write: (text: string) => void;
  colors: Palette;
  /** The tool's version, for reports that name what produced them. */
  version: string;
  /** The environment (the github reporter reads GITHUB_STEP_SUMMARY). */
  env: NodeJS.ProcessEnv;
}

export async function createReporter(name: ReporterName, opts: ReporterOptions): Promise<Reporter> {
  switch (name) {
    case "pretty":
      return new (await import("./pretty.js")).PrettyReporter(opts);
    case "ktap":
      return new (await import("./ktap.js")).KtapReporter(opts);
    case "tap":
      return new (await import("./tap.js")).TapReporter(opts);
    case "junit":
      return new (await import("./junit.js")).JunitReporter(opts);
    case "json":
      return new (await import("./json.js")).JsonReporter(opts);
    case "github":
      return new (await import("./github.js")).GithubReporter(opts);
  }
}

/** Hands every event to each reporter in turn. */
export class Fanout implements Reporter {
  constructor(private readonly reporters: readonly Reporter[]) {}
  onStart(start: Parameters<NonNullable<Reporter["onStart"]>>[0]): void {
    for (const r of this.reporters) r.onStart?.(start);
  }
  onFileStart(path: string): void {
    for (const r of this.reporters) r.onFileStart(path);
  }
  onFileResult(report: Parameters<Reporter["onFileResult"]>[0]): void {
    for (const r of this.reporters) r.onFileResult(report);
  }
  onInputProblem(problem: Parameters<Reporter["onInputProblem"]>[0]): void {
    for (const r of this.reporters) r.onInputProblem(problem);
  }
  async onEnd(summary: Parameters<Reporter["onEnd"]>[0]): Promise<void> {
    for (const r of this.reporters) await r.onEnd(summary);
  }
}
