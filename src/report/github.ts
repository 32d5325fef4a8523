// The github reporter: GitHub Actions workflow commands. Every failed step,
// expectation and golden becomes an `::error file=…,line=…,col=…::`
// annotation on the line of the `.scn` file that states it; diagnostics are
// errors or warnings at their span; hazards are notices; obsolete goldens are
// warnings. When GITHUB_STEP_SUMMARY names a file, a Markdown summary of the
// run is appended to it.
import { appendFileSync } from "node:fs";
import { fileNode, problemNode, type FileNode } from "./outline.js";
import type { Command, FileReport, InputProblem, Reporter, RunSummary } from "./reporter.js";

/** A command's message: `%`, CR and LF escaped as the runner expects. */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A command's property value: also `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

type Level = "error" | "warning" | "notice";

interface Place {
  file: string;
  line?: number;
  col?: number;
  endLine?: number;
  endColumn?: number;
  title?: string;
}

export function annotation(level: Level, place: Place, message: string): string {
  const props = Object.entries(place)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(",");
  return `::${level} ${props}::${escapeData(message)}`;
}

function fileAnnotations(report: FileReport): string[] {
  const out: string[] = [];
  const path = report.result.path;
  for (const d of report.result.diagnostics) {
    const s = d.span;
    const place = { file: path, line: s.startLine, col: s.startColumn, endLine: s.endLine, endColumn: s.endColumn, title: d.code };
    out.push(annotation(d.severity === "error" ? "error" : "warning", place, d.hint ? `${d.message}\n${d.hint}` : d.message));
  }
  const node = fileNode(report);
  for (const s of node.scenarios) {
    for (const c of s.checks) {
      if (c.status !== "fail") continue;
      out.push(annotation("error", { file: path, line: c.span.startLine, col: c.span.startColumn, title: s.title }, [c.name, ...c.details].join("\n")));
    }
    for (const n of s.notes) out.push(annotation("notice", { file: path, line: s.span.startLine, title: s.title }, n));
  }
  for (const v of report.goldens) {
    if (v.kind === "error") out.push(annotation("error", { file: v.file, title: "golden" }, v.message));
    if (v.kind === "obsolete" && !v.removed) {
      out.push(annotation("warning", { file: v.file, title: "obsolete golden" }, `titles no scenario has any more: ${v.titles.map((t) => JSON.stringify(t)).join(", ")} (run with --prune to remove)`));
    }
  }
  return out;
}

/** A Markdown table cell: no line breaks, no unescaped `|`. */
function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");
}

export function stepSummary(command: Command, files: FileNode[], s: RunSummary): string {
  const lines = [`### dmabuf-scn ${command}`, ""];
  if (command === "run") lines.push(`**${s.passed} passed, ${s.failed} failed**${s.skipped > 0 ? `, ${s.skipped} skipped` : ""}`);
  else lines.push(`**${s.files - s.invalidFiles} valid, ${s.invalidFiles} invalid**`);
  const failing = files.flatMap((f) => {
    if (f.status === "error") return [`| \`${cell(f.path)}\` | | ${cell(f.details[0] ?? "cannot run")} |`];
    return f.scenarios.filter((x) => x.status === "fail").map((x) => {
      const first = x.checks.find((c) => c.status === "fail");
      const why = first ? `${first.name}: ${first.details[0] ?? "failed"}` : "failed";
      return `| \`${cell(f.path)}:${x.span.startLine}\` | ${cell(x.title)} | ${cell(why)} |`;
    });
  });
  if (failing.length > 0) lines.push("", "| where | scenario | what failed |", "| --- | --- | --- |", ...failing);
  return `${lines.join("\n")}\n`;
}

export class GithubReporter implements Reporter {
  private readonly files: FileNode[] = [];

  constructor(private readonly opts: { command: Command; write: (text: string) => void; env: NodeJS.ProcessEnv }) {}

  onFileStart(_path: string): void {
    // Annotations are written per file, once its result is known.
  }

  onFileResult(report: FileReport): void {
    this.files.push(fileNode(report));
    const lines = fileAnnotations(report);
    if (lines.length > 0) this.opts.write(`${lines.join("\n")}\n`);
  }

  onInputProblem(p: InputProblem): void {
    this.files.push(problemNode(p.path, p.message));
    this.opts.write(`${annotation("error", { file: p.path, title: "cannot run" }, p.message)}\n`);
  }

  onEnd(s: RunSummary): void {
    const lines = s.obsoleteFiles.filter((f) => !f.removed).map((f) => annotation("warning", { file: f.file, title: "obsolete golden" }, "its .scn file is gone (run with --prune to remove it)"));
    if (lines.length > 0) this.opts.write(`${lines.join("\n")}\n`);
    const target = this.opts.env.GITHUB_STEP_SUMMARY;
    if (target) appendFileSync(target, stepSummary(this.opts.command, this.files, s));
  }
}
