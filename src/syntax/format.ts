// The canonical formatter: a .scn text in the layout of language.md's first
// example, comments kept. Two-space indentation inside blocks; actors as
// `name:` padded to one column, then the kind; steps with their subjects
// padded to one column and, where that keeps lines short, outcomes and
// trailing comments lined up; one blank line before each scenario and each
// block. A trailing comment that would take its line past 78 columns moves
// onto its own line above. Deterministic and idempotent; a text that does
// not parse comes back unchanged with its diagnostics.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { Arrow } from "../../grammar/tokens.js";
import { parseScn } from "./parse.js";
import { joinTokens, rowsOf, type Row } from "./format-rows.js";

export interface FormatResult {
  text: string;
  diagnostics: Diagnostic[];
}

/** The widest line the canonical layout (and a mail) aims for. */
export const LINE_WIDTH = 78;
/** Outcomes line up in one column only for steps that end before this column. */
const ALIGN_LIMIT = 46;
const GAP = 2;

/** A row laid out: its content, and the column its trailing comment goes to. */
interface Laid {
  row: Row;
  content: string;
  commentColumn: number;
}

const indentOf = (depth: number) => "  ".repeat(depth);
const maxOf = (xs: number[], fallback = 0) => xs.reduce((a, b) => Math.max(a, b), fallback);

/** A step: subject padded to the block's subject width, body, outcome. */
function stepParts(row: Row, subjectWidth: number): { body: string; outcome: string } {
  const arrow = row.tokens.findIndex((t) => t.tokenType === Arrow);
  const head = arrow < 0 ? row.tokens : row.tokens.slice(0, arrow);
  const rest = joinTokens(head.slice(1));
  const body = indentOf(row.depth) + head[0]!.image.padEnd(subjectWidth) + (rest === "" ? "" : ` ${rest}`);
  return { body: body.trimEnd(), outcome: arrow < 0 ? "" : joinTokens(row.tokens.slice(arrow)) };
}

/** The outcome column of a block of steps (undefined when no step is short enough to align). */
function outcomeColumn(bodies: string[]): number | undefined {
  const short = bodies.filter((b) => b.length <= ALIGN_LIMIT).map((b) => b.length);
  return short.length === 0 ? undefined : maxOf(short) + GAP;
}

function layoutSteps(rows: Row[]): { laid: Laid[]; column: number | undefined } {
  const width = maxOf(rows.map((r) => r.tokens[0]!.image.length));
  const parts = rows.map((r) => stepParts(r, width));
  const column = outcomeColumn(parts.map((p) => p.body));
  const aligned = (p: { body: string }) => column !== undefined && p.body.length <= ALIGN_LIMIT;
  const outcomeWidth = maxOf(parts.filter((p) => aligned(p) && p.outcome !== "").map((p) => p.outcome.length));
  const laid = rows.map((row, i): Laid => {
    const p = parts[i]!;
    if (!aligned(p)) {
      const content = p.outcome === "" ? p.body : `${p.body} ${p.outcome}`;
      return { row, content, commentColumn: content.length + GAP };
    }
    if (p.outcome === "") return { row, content: p.body, commentColumn: column! };
    return { row, content: p.body.padEnd(column!) + p.outcome, commentColumn: column! + outcomeWidth + GAP };
  });
  return { laid, column };
}

function layoutActors(rows: Row[]): Laid[] {
  const width = maxOf(rows.map((r) => r.tokens[0]!.image.length + 1));
  const contents = rows.map((r) => `${indentOf(r.depth)}${`${r.tokens[0]!.image}:`.padEnd(width)} ${joinTokens(r.tokens.slice(2))}`);
  const column = maxOf(contents.map((c) => c.length)) + GAP;
  return rows.map((row, i) => ({ row, content: contents[i]!, commentColumn: column }));
}

/** Expectations: comments line up with the steps' outcome column when every predicate fits before it. */
function layoutPredicates(rows: Row[], stepColumn: number | undefined): Laid[] {
  const contents = rows.map((r) => indentOf(r.depth) + joinTokens(r.tokens));
  const own = outcomeColumn(contents);
  const widest = maxOf(contents.map((c) => c.length));
  const column = stepColumn !== undefined && widest + GAP <= stepColumn ? stepColumn : own;
  return rows.map((row, i) => {
    const content = contents[i]!;
    const fits = column !== undefined && content.length + GAP <= column;
    return { row, content, commentColumn: fits ? column : content.length + GAP };
  });
}

function layoutPlain(row: Row): Laid {
  const content = row.kind === "comment" ? "" : indentOf(row.depth) + joinTokens(row.tokens);
  return { row, content, commentColumn: content.length + GAP };
}

/** Lay out every row: blocks of actors, steps and expectations are aligned as units. */
function layout(rows: Row[]): Laid[] {
  const byBlock = new Map<number, Row[]>();
  for (const r of rows) if (r.kind === "actor" || r.kind === "step" || r.kind === "predicate") byBlock.set(r.block, [...(byBlock.get(r.block) ?? []), r]);
  const laid = new Map<Row, Laid>();
  const stepColumns = new Map<number, number | undefined>();
  for (const group of byBlock.values()) {
    if (group[0]!.kind === "step") {
      const steps = layoutSteps(group);
      steps.laid.forEach((l) => laid.set(l.row, l));
      if (!stepColumns.has(group[0]!.scenario)) stepColumns.set(group[0]!.scenario, steps.column);
    } else if (group[0]!.kind === "actor") layoutActors(group).forEach((l) => laid.set(l.row, l));
  }
  for (const group of byBlock.values()) {
    if (group[0]!.kind === "predicate") layoutPredicates(group, stepColumns.get(group[0]!.scenario)).forEach((l) => laid.set(l.row, l));
  }
  return rows.map((r) => laid.get(r) ?? layoutPlain(r));
}

/** One row's output lines: a trailing comment in its column, else closer, else on a line of its own above. */
function render(l: Laid): string[] {
  const { row, content } = l;
  if (row.kind === "comment") return [indentOf(row.depth) + row.comment!];
  if (row.comment === undefined) return [content];
  for (const column of [l.commentColumn, content.length + GAP]) {
    const line = `${content.padEnd(column)}${row.comment}`;
    if (line.length <= LINE_WIDTH) return [line];
  }
  return [indentOf(row.depth) + row.comment, content];
}

/** Canonical blank lines: one before a scenario and a block (and before the comments right above them), sources' blank lines kept elsewhere but never just inside a brace. */
function blanks(rows: Row[]): boolean[] {
  const blank = rows.map((r, i) => {
    if (i === 0 || r.kind === "close" || rows[i - 1]!.kind === "open") return false;
    if (r.kind === "header" && r.tokens[0]!.image !== "scenario") return false;
    return r.blankBefore;
  });
  rows.forEach((r, i) => {
    const forced = (r.kind === "header" && r.tokens[0]!.image === "scenario") || (r.kind === "open" && r.depth === 0);
    if (!forced || i === 0) return;
    let k = i;
    while (k > 0 && !blank[k] && rows[k - 1]!.kind === "comment" && rows[k - 1]!.depth === r.depth) k--;
    if (k > 0 && rows[k - 1]!.kind !== "open") blank[k] = true;
  });
  return blank;
}

/** The canonical text of `text`, or `text` itself with the diagnostics when it does not parse. */
export function formatScn(text: string): FormatResult {
  const parsed = parseScn(text);
  if (parsed.diagnostics.some((d) => d.severity === "error")) return { text, diagnostics: parsed.diagnostics };
  const rows = rowsOf(text);
  const laid = layout(rows);
  const blank = blanks(rows);
  const out: string[] = [];
  laid.forEach((l, i) => {
    if (blank[i]) out.push("");
    out.push(...render(l).map((s) => s.trimEnd()));
  });
  return { text: out.length === 0 ? "" : `${out.join("\n")}\n`, diagnostics: parsed.diagnostics };
}
