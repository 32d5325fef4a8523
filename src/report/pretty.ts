// The pretty reporter: what a developer reads in a terminal or a CI log.
// Per file: its diagnostics (with source excerpts), one ✓/✗ line per
// scenario with the details of every failure under it, golden findings;
// at the end a summary whose last line is always `N passed, N failed`
// (`N valid, N invalid` for `check`).
import { formatDiagnostics } from "../diagnostics/print.js";
import { diagnosticColors, type Palette } from "./colors.js";
import { FAIL_MARK, PASS_MARK, scenarioLines } from "./pretty-scenario.js";
import { goldenFileLines, obsoleteFileLine } from "./pretty-golden.js";
import { sideBySideLines } from "./pretty-profiles.js";
import { isInvalid, type Command, type FileReport, type InputProblem, type Reporter, type RunSummary } from "./reporter.js";

export interface PrettyOptions {
  command: Command;
  /** Where the text goes (stdout in the CLI). */
  write: (text: string) => void;
  colors: Palette;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export class PrettyReporter implements Reporter {
  constructor(private readonly opts: PrettyOptions) {}

  onFileStart(_path: string): void {
    // Pretty output is written per file, once its result is known.
  }

  onFileResult({ result, goldens, skipped, profiles }: FileReport): void {
    const p = this.opts.colors;
    const blocks: string[] = [];
    if (result.diagnostics.length > 0) {
      blocks.push(formatDiagnostics(result.diagnostics, result.source, result.path, diagnosticColors(p)).replace(/\n+$/, ""));
    }
    if (isInvalid(result)) {
      const n = result.diagnostics.filter((d) => d.severity === "error").length;
      const ran = this.opts.command === "run" ? ", no scenario ran" : "";
      blocks.push(`${p.fail(FAIL_MARK)} ${result.path}: ${plural(n, "error", "errors")}${ran}`);
    } else if (result.scenarios.length === 0 && (skipped ?? []).length === 0) {
      blocks.push(`${p.pass(PASS_MARK)} ${result.path}`);
    }
    for (const s of result.scenarios) {
      const lines = scenarioLines(result.path, s, goldens, p);
      const multi = profiles?.find((m) => m.title === s.title);
      if (multi) lines.push(...sideBySideLines(multi, p));
      // A scenario with details under it stands apart from the next one.
      blocks.push(lines.length > 1 ? `${lines.join("\n")}\n` : lines[0]!);
    }
    const fileLines = goldenFileLines(goldens, p);
    if (fileLines.length > 0) blocks.push(fileLines.join("\n"));
    if (blocks.length > 0) this.opts.write(`${blocks.join("\n").replace(/\n+$/, "")}\n`);
  }

  onInputProblem({ path, message }: InputProblem): void {
    const p = this.opts.colors;
    this.opts.write(`${p.fail(FAIL_MARK)} ${path}: ${message}\n`);
  }

  onEnd(s: RunSummary): void {
    const p = this.opts.colors;
    const lines = [...s.obsoleteFiles.map((f) => obsoleteFileLine(f, p)), ""];
    const golden = [
      s.goldensWritten > 0 ? `${s.goldensWritten} written` : "",
      s.goldensUpdated > 0 ? `${s.goldensUpdated} updated` : "",
      s.goldensObsolete > 0 ? `${s.goldensObsolete} obsolete` : "",
    ].filter((x) => x !== "");
    if (golden.length > 0) lines.push(`goldens: ${golden.join(", ")}`);
    if (s.inputErrors > 0) lines.push(p.fail(plural(s.inputErrors, "input error", "input errors")));
    if (s.command === "check") {
      const valid = s.files - s.invalidFiles;
      lines.push(`${paintCount(valid, "valid", p.pass)}, ${paintCount(s.invalidFiles, "invalid", p.fail)}`);
    } else {
      if (s.invalidFiles > 0) lines.push(p.fail(plural(s.invalidFiles, "invalid file", "invalid files")));
      if (s.skipped > 0) lines.push(p.dim(`${plural(s.skipped, "scenario", "scenarios")} left out by --tag or --grep`));
      lines.push(`${paintCount(s.passed, "passed", p.pass)}, ${paintCount(s.failed, "failed", p.fail)}`);
    }
    this.opts.write(`${lines.join("\n")}\n`);
  }
}

/** `3 passed`, coloured only when the count is not zero. */
function paintCount(n: number, word: string, paint: (t: string) => string): string {
  const text = `${n} ${word}`;
  return n > 0 ? paint(text) : text;
}
