// What the KTAP and TAP 14 reporters share: the run as nested test points
// (files, then scenarios, then each scenario's steps, expectations and
// golden), collected as the run goes and printed whole at its end, when
// every plan is known. The two dialects differ only in the few ways
// `Dialect` names.
import type { Palette } from "./colors.js";
import { fileNode, problemNode, type CheckNode, type FileNode, type ScenarioNode } from "./outline.js";
import type { FileReport, InputProblem, Reporter, RunSummary } from "./reporter.js";

export interface Dialect {
  /** The first line: `KTAP version 1`, `TAP version 14`. */
  version: string;
  /** One nesting level. */
  indent: string;
  /** Lines that open a nested stream named `name`. */
  openSubtest(name: string): string[];
  /** Whether those lines belong to the nested stream (KTAP) or to the parent's level (TAP 14). */
  openInside: boolean;
  /** `name` made safe for a test point's description. */
  description(name: string): string;
  /** Whether details come before the test point (KTAP diagnostic lines) or after it (a TAP 14 YAML block). */
  detailsBefore: boolean;
  /** KTAP marks a file that cannot run with the ERROR directive; TAP 14 has no such directive. */
  errorDirective: boolean;
  detailLines(details: readonly string[], at: { path: string; line: number; column: number } | undefined, ok: boolean): string[];
}

interface Point {
  ok: boolean;
  name: string;
  directive?: string;
  details: string[];
  at?: { path: string; line: number; column: number };
  /** Nested test points, printed as a subtest stream before the point itself. */
  children?: Point[];
}

function checkPoint(path: string, c: CheckNode): Point {
  return { ok: c.status !== "fail", name: c.name, details: c.details, at: { path, line: c.span.startLine, column: c.span.startColumn } };
}

function scenarioPoint(path: string, s: ScenarioNode): Point {
  const at = { path, line: s.span.startLine, column: s.span.startColumn };
  if (s.status === "skip") return { ok: true, name: s.title, directive: `SKIP ${s.skipReason ?? ""}`.trimEnd(), details: [], at };
  return { ok: s.status === "pass", name: s.title, details: s.notes, at, children: s.checks.map((c) => checkPoint(path, c)) };
}

function filePoint(d: Dialect, f: FileNode): Point {
  if (f.status === "error") {
    const n = f.details.length;
    const what = n === 1 && !/: error SCN/.test(f.details[0]!) ? f.details[0]! : `${n} ${n === 1 ? "diagnostic" : "diagnostics"}, no scenario ran`;
    return d.errorDirective ? { ok: false, name: f.path, directive: `ERROR ${what}`, details: f.details } : { ok: false, name: f.path, details: n === 1 ? f.details : [what, ...f.details] };
  }
  const p: Point = { ok: f.status !== "fail", name: f.path, details: f.details };
  if (f.status === "skip") p.directive = "SKIP every scenario left out by the selection";
  if (f.scenarios.length > 0 && f.status !== "skip") p.children = f.scenarios.map((s) => scenarioPoint(f.path, s));
  return p;
}

function pointLine(d: Dialect, p: Point, n: number): string {
  const directive = p.directive === undefined ? "" : ` # ${p.directive.replace(/[\r\n]+/g, " ")}`;
  return `${p.ok ? "ok" : "not ok"} ${n} ${d.description(p.name)}${directive}`;
}

/** The lines of a stream of points at one level (without its version line). */
function streamLines(d: Dialect, points: Point[], indent: string): string[] {
  const out = [`${indent}1..${points.length}`];
  points.forEach((p, i) => {
    if (p.children) {
      const inner = indent + d.indent;
      out.push(...d.openSubtest(p.name).map((l) => (d.openInside ? inner : indent) + l));
      out.push(...streamLines(d, p.children, inner));
    }
    // A failed leaf says where it is written; a parent's failure is told by its children.
    const at = p.ok || p.children ? undefined : p.at;
    const details = p.details.length > 0 || at ? d.detailLines(p.details, at, p.ok).map((l) => indent + l) : [];
    if (d.detailsBefore) out.push(...details, indent + pointLine(d, p, i + 1));
    else out.push(indent + pointLine(d, p, i + 1), ...details);
  });
  return out;
}

/** A reporter printing the whole run as nested test points in `dialect`. */
export class TapLikeReporter implements Reporter {
  private readonly files: FileNode[] = [];

  constructor(
    private readonly dialect: Dialect,
    private readonly opts: { write: (text: string) => void; colors: Palette },
  ) {}

  onFileStart(_path: string): void {
    // Points are printed at the end, when every plan is known.
  }

  onFileResult(report: FileReport): void {
    this.files.push(fileNode(report));
  }

  onInputProblem(problem: InputProblem): void {
    this.files.push(problemNode(problem.path, problem.message));
  }

  onEnd(s: RunSummary): void {
    const lines = [this.dialect.version, ...streamLines(this.dialect, this.files.map((f) => filePoint(this.dialect, f)), "")];
    for (const f of s.obsoleteFiles) lines.push(`# golden ${f.file}: no ${f.file.replace(/\.golden\.yaml$/, ".scn")} any more${f.removed ? ", removed" : " (run with --prune to remove)"}`);
    const errors = s.invalidFiles + s.inputErrors;
    lines.push(`# Totals: pass:${s.passed} fail:${s.failed} skip:${s.skipped} error:${errors}`);
    this.opts.write(`${lines.join("\n")}\n`);
  }
}

/** Split detail text so that no line break hides inside one line. */
export function singleLines(details: readonly string[]): string[] {
  return details.flatMap((d) => d.split(/\r\n|\r|\n/));
}
