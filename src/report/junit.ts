// The junit reporter: the conservative subset of the Ant/Surefire XML that
// Jenkins, GitLab and GitHub test-report actions all read. One <testsuite>
// per file, one <testcase> per scenario (classname: the file's path without
// `.scn`, `/` read as `.`, so tools group by directory), a <failure> with
// every failed step, expectation and golden in its text, <skipped> for a
// scenario --tag or --grep left out, <error> for a file that cannot run.
// No timings: the report is the same bytes for the same run.
import { fileNode, problemNode, type FileNode, type ScenarioNode } from "./outline.js";
import type { FileReport, InputProblem, Reporter, RunSummary } from "./reporter.js";

/** Characters XML 1.0 cannot hold at all, even escaped: they become U+FFFD. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text safe inside an element. */
export function xmlText(s: string): string {
  return s.replace(NOT_XML, "\ufffd").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Text safe inside a double-quoted attribute; line breaks and tabs kept as character references. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}

function attrs(pairs: [string, string | number][]): string {
  return pairs.map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`).join("");
}

/** `scenarios/drivers/vgem.scn` → `scenarios.drivers.vgem`. */
export function className(path: string): string {
  return path.replace(/\.scn$/, "").replace(/^\.\//, "").replace(/[\\/]+/g, ".");
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function counts(f: FileNode): Counts {
  if (f.status === "error" || f.scenarios.length === 0) return { tests: 1, failures: 0, errors: f.status === "error" ? 1 : 0, skipped: 0 };
  const n = (st: string) => f.scenarios.filter((s) => s.status === st).length;
  const goldenFileError = f.details.some((d) => d.startsWith("golden error: ")) ? 1 : 0;
  return { tests: f.scenarios.length + goldenFileError, failures: n("fail"), errors: goldenFileError, skipped: n("skip") };
}

function failureText(s: ScenarioNode, path: string): string {
  const lines: string[] = [];
  for (const c of s.checks) {
    if (c.status !== "fail") continue;
    lines.push(`${path}:${c.span.startLine}:${c.span.startColumn}: ${c.name}`, ...c.details.map((d) => `  ${d}`));
  }
  return lines.join("\n");
}

function failureType(name: string): string {
  return name === "golden" ? "golden" : name.startsWith("expect ") ? "expectation" : "step";
}

function testcase(s: ScenarioNode, f: FileNode): string[] {
  const head = `    <testcase${attrs([["name", s.title], ["classname", className(f.path)]])}`;
  const body: string[] = [];
  if (s.status === "skip") body.push(`      <skipped${attrs([["message", s.skipReason ?? ""]])}/>`);
  const first = s.checks.find((c) => c.status === "fail");
  if (s.status === "fail" && first) {
    const message = `${first.name}: ${first.details[0] ?? "failed"}`;
    body.push(`      <failure${attrs([["message", message], ["type", failureType(first.name)]])}>${xmlText(failureText(s, f.path))}</failure>`);
  }
  const said = [...s.checks.filter((c) => c.status === "pass").flatMap((c) => c.details), ...s.notes];
  if (said.length > 0) body.push(`      <system-out>${xmlText(said.join("\n"))}</system-out>`);
  return body.length === 0 ? [`${head}/>`] : [`${head}>`, ...body, "    </testcase>"];
}

function testsuite(f: FileNode): string[] {
  const c = counts(f);
  const head = `  <testsuite${attrs([["name", f.path], ["tests", c.tests], ["failures", c.failures], ["errors", c.errors], ["skipped", c.skipped]])}>`;
  const out = [head];
  if (f.status === "error" || f.scenarios.length === 0) {
    const tc = `    <testcase${attrs([["name", f.path], ["classname", className(f.path)]])}`;
    if (f.status !== "error") out.push(`${tc}/>`);
    else out.push(`${tc}>`, `      <error${attrs([["message", f.details[0] ?? "cannot run"], ["type", "invalid"]])}>${xmlText(f.details.join("\n"))}</error>`, "    </testcase>");
  } else {
    for (const s of f.scenarios) out.push(...testcase(s, f));
    const goldenErrors = f.details.filter((d) => d.startsWith("golden error: "));
    if (goldenErrors.length > 0) {
      out.push(`    <testcase${attrs([["name", "golden file"], ["classname", className(f.path)]])}>`);
      out.push(`      <error${attrs([["message", goldenErrors[0]!], ["type", "golden"]])}>${xmlText(goldenErrors.join("\n"))}</error>`, "    </testcase>");
    }
    const other = f.details.filter((d) => !d.startsWith("golden error: "));
    if (other.length > 0) out.push(`    <system-out>${xmlText(other.join("\n"))}</system-out>`);
  }
  out.push("  </testsuite>");
  return out;
}

export class JunitReporter implements Reporter {
  private readonly files: FileNode[] = [];

  constructor(private readonly opts: { write: (text: string) => void }) {}

  onFileStart(_path: string): void {
    // The XML is written whole at the end.
  }

  onFileResult(report: FileReport): void {
    this.files.push(fileNode(report));
  }

  onInputProblem(problem: InputProblem): void {
    this.files.push(problemNode(problem.path, problem.message));
  }

  onEnd(_summary: RunSummary): void {
    const all = this.files.map(counts).reduce((a, c) => ({ tests: a.tests + c.tests, failures: a.failures + c.failures, errors: a.errors + c.errors, skipped: a.skipped + c.skipped }), { tests: 0, failures: 0, errors: 0, skipped: 0 });
    const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
    lines.push(`<testsuites${attrs([["name", "dmabuf-scn"], ["tests", all.tests], ["failures", all.failures], ["errors", all.errors], ["skipped", all.skipped]])}>`);
    for (const f of this.files) lines.push(...testsuite(f));
    lines.push("</testsuites>");
    this.opts.write(`${lines.join("\n")}\n`);
  }
}
