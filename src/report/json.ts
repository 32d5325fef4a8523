// The json reporter: the whole run as one JSON document, schema
// `dmabuf-scn-report` version 1 (docs/json-report.md). It holds every
// scenario's steps, expectations, hazards, golden verdict and final state
// snapshot; keys come in a fixed order and nothing depends on time, so the
// same run gives the same bytes.
import type { GoldenVerdict } from "../engine/golden.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { ExpectationReport, ScenarioResult, StepReport } from "../engine/types.js";
import type { SkippedScenario } from "../engine/select.js";
import type { MultiProfileScenario } from "../engine/run.js";
import type { Span } from "../syntax/ast.js";
import { isInvalid, scenarioFailed, verdictsFor, type Command, type FileReport, type InputProblem, type Reporter, type RunSummary } from "./reporter.js";

export const JSON_SCHEMA = "dmabuf-scn-report";
export const JSON_SCHEMA_VERSION = 1;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A span without offsets: what a reader of the file needs. */
function where(span: Span): { [key: string]: Json } {
  return { line: span.startLine, column: span.startColumn, endLine: span.endLine, endColumn: span.endColumn };
}

function optional(key: string, value: Json | undefined): { [key: string]: Json } {
  return value === undefined ? {} : { [key]: value };
}

function diagnostic(d: Diagnostic): Json {
  return { code: d.code, severity: d.severity, message: d.message, ...optional("hint", d.hint), ...where(d.span) };
}

function step(s: StepReport): Json {
  return { index: s.index, ...where(s.span), text: s.text, expected: s.expected, observed: { ...s.observed }, status: s.status, ...optional("message", s.message), ...optional("cite", s.cite) };
}

function expectation(e: ExpectationReport): Json {
  return { ...where(e.span), text: e.text, status: e.status, ...optional("actual", e.actual), ...optional("message", e.message) };
}

function golden(v: GoldenVerdict | undefined): Json {
  if (v === undefined) return null;
  switch (v.kind) {
    case "mismatch":
    case "updated":
      return { verdict: v.kind, file: v.file, changes: v.changes.map((c) => ({ path: c.path, ...optional("expected", c.expected), ...optional("actual", c.actual) })), diff: v.diff };
    case "error":
      return { verdict: "error", file: v.file, message: v.message };
    default:
      return { verdict: v.kind, file: v.file };
  }
}

function profiles(m: MultiProfileScenario | undefined): Json {
  if (m === undefined) return null;
  return {
    columns: m.columns.map((c) => ({ profile: c.profile, judged: c.judged, expectationsHold: c.result.expectations.every((e) => e.status === "pass") })),
    steps: m.steps.map((s) => ({ index: s.index, outcomes: s.outcomes.map((o) => ({ ...o })), differs: s.differs })),
  };
}

function scenario(s: ScenarioResult, goldens: GoldenVerdict[], multi?: MultiProfileScenario): Json {
  return {
    title: s.title,
    line: s.span.startLine,
    status: scenarioFailed(s, goldens) ? "failed" : "passed",
    profile: s.profile,
    tags: s.tags,
    steps: s.steps.map(step),
    expectations: s.expectations.map(expectation),
    hazards: s.hazards.map((h) => ({ kind: h.kind, objects: h.objects, step: h.step, message: h.message, ...optional("cite", h.cite) })),
    golden: golden(verdictsFor(s.title, goldens)[0]),
    ...(multi ? { profiles: profiles(multi) } : {}),
    snapshot: s.snapshot,
  };
}

function skipped(s: SkippedScenario): Json {
  return { title: s.title, line: s.span.startLine, status: "skipped", skipReason: s.reason, tags: s.tags };
}

function fileEntry(r: FileReport): Json {
  const { result, goldens } = r;
  const failed = result.scenarios.some((s) => scenarioFailed(s, goldens)) || goldens.some((v) => v.kind === "error");
  const status = isInvalid(result) ? "invalid" : failed ? "failed" : "passed";
  const ran = result.scenarios.map((s) => ({ line: s.span.startLine, json: scenario(s, goldens, r.profiles?.find((m) => m.title === s.title)) }));
  const left = (r.skipped ?? []).map((s) => ({ line: s.span.startLine, json: skipped(s) }));
  const obsolete = goldens.flatMap((v) => (v.kind === "obsolete" ? [{ file: v.file, titles: v.titles, removed: v.removed }] : []));
  const errors = goldens.flatMap((v) => (v.kind === "error" ? [{ file: v.file, message: v.message, titles: v.titles }] : []));
  return {
    path: result.path,
    status,
    diagnostics: result.diagnostics.map(diagnostic),
    scenarios: [...ran, ...left].sort((a, b) => a.line - b.line).map((x) => x.json),
    goldenFile: { obsolete, errors },
  };
}

export class JsonReporter implements Reporter {
  private readonly files: Json[] = [];

  constructor(private readonly opts: { command: Command; version: string; write: (text: string) => void }) {}

  onFileStart(_path: string): void {
    // The document is written whole at the end.
  }

  onFileResult(report: FileReport): void {
    this.files.push(fileEntry(report));
  }

  onInputProblem(p: InputProblem): void {
    this.files.push({ path: p.path, status: "unreadable", problem: p.message, diagnostics: [], scenarios: [], goldenFile: { obsolete: [], errors: [] } });
  }

  onEnd(s: RunSummary): void {
    const doc: Json = {
      schema: JSON_SCHEMA,
      version: JSON_SCHEMA_VERSION,
      tool: { name: "dmabuf-scn", version: this.opts.version },
      command: this.opts.command,
      files: this.files,
      obsoleteGoldenFiles: s.obsoleteFiles.map((f) => ({ file: f.file, removed: f.removed, ...optional("error", f.error) })),
      summary: {
        files: s.files,
        invalidFiles: s.invalidFiles,
        inputErrors: s.inputErrors,
        passed: s.passed,
        failed: s.failed,
        skipped: s.skipped,
        goldensWritten: s.goldensWritten,
        goldensUpdated: s.goldensUpdated,
        goldensObsolete: s.goldensObsolete,
      },
    };
    this.opts.write(`${JSON.stringify(doc, null, 2)}\n`);
  }
}
