// Whatever the text, parseScn returns: no exception (nor the diagnostic that
// would stand for one), and every diagnostic has a code, a message in a user's
// words and a span inside the text whose line and column match its offset.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Span } from "../../src/syntax/ast.js";
import { formatDiagnostics } from "../../src/diagnostics/print.js";
import { parseScn } from "../../src/syntax/parse.js";
import { firstExample } from "./helpers.js";

/** Line and column of every offset of `text`, the way pointAt counts them (computed once per text). */
function positions(text: string): (offset: number) => [number, number] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return (offset) => {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
    return [line + 1, offset - starts[line]! + 1];
  };
}

function spanProblem(span: Span, text: string, at: (offset: number) => [number, number]): string | undefined {
  if (!(0 <= span.startOffset && span.startOffset <= span.endOffset && span.endOffset <= text.length)) return "outside the text";
  const [line, column] = at(span.startOffset);
  if (span.startLine !== line || span.startColumn !== column) return `starts at ${span.startLine}:${span.startColumn}, not ${line}:${column}`;
  if (span.endLine < span.startLine) return "ends before it starts";
  return undefined;
}

function checkParse(text: string): void {
  const { file, diagnostics } = parseScn(text);
  const at = positions(text);
  const problems: string[] = [];
  for (const d of diagnostics) {
    if (!/^SCN\d{4}$/.test(d.code) || d.message.length === 0) problems.push(`bad diagnostic ${JSON.stringify(d)}`);
    if (d.code === "SCN1009") problems.push(`the parser threw: ${d.message}`);
    if (/NewLine|RBrace|LBrace|Identifier|Literal|EOF|-->|token of type/.test(d.message)) problems.push(`internal words: ${d.message}`);
    const problem = spanProblem(d.span, text, at);
    if (problem) problems.push(`${d.code} ${problem}`);
  }
  JSON.stringify(file, (key, value) => {
    const problem = (key === "span" || key.endsWith("Span")) && spanProblem(value as Span, text, at);
    if (problem) problems.push(`AST ${key} ${problem}`);
    return value;
  });
  formatDiagnostics(diagnostics, text, "f.scn");
  expect(problems).toEqual([]);
}

/** Pieces of the language and its usual mistakes. */
const pieces = [
  "scenario", '"t"', "kernel", "linux-6.12", "with", "k=v", "tags", "actors", "steps", "expect", "always", "never",
  "sometimes", "as", "by", "one", "of", "hazards", "hazard", "on", "none", "ok", "parallel", "thread", "has", "lacks",
  "amd", "A", "M.refs", "2M", "0x1000", "12abc", "{", "}", ":", ",", ".", "|", "=", "=>", "==", "!=", "<=", ">", "\n",
  "\r\n", "\r", "\t", " ", "  ", "# c\n", '"', "\\", "@", "é", "\u00a0",
];

const firstTokens = firstExample.split(/(\s+)/);

type Mutation = { at: number; op: "delete" | "duplicate" | "swap" };
const mutation = fc.record({ at: fc.nat(), op: fc.constantFrom<Mutation["op"]>("delete", "duplicate", "swap") });

function mutate<T>(items: T[], mutations: Mutation[]): T[] {
  const out = [...items];
  for (const { at, op } of mutations) {
    if (out.length === 0) break;
    const i = at % out.length;
    if (op === "delete") out.splice(i, 1);
    else if (op === "duplicate") out.splice(i, 0, out[i]!);
    else if (i + 1 < out.length) [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
  }
  return out;
}

describe("parseScn on any input", () => {
  it("never throws on random text made of the language's pieces", () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 80 }).map((p) => p.join("")), checkParse), { numRuns: 1500, seed: 1 });
  });

  it("never throws on random unicode text", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), checkParse), { numRuns: 1000, seed: 2 });
  });

  it("never throws on the first example with characters deleted, duplicated or swapped", () => {
    const chars = [...firstExample];
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (m) => checkParse(mutate(chars, m).join(""))), { numRuns: 1500, seed: 3 });
  });

  it("never throws on the first example with tokens deleted, duplicated or swapped", () => {
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (m) => checkParse(mutate(firstTokens, m).join(""))), { numRuns: 1500, seed: 4 });
  });

  it("never throws on the first example with pieces inserted", () => {
    const insertion = fc.record({ at: fc.nat(), piece: fc.constantFrom(...pieces) });
    fc.assert(
      fc.property(fc.array(insertion, { minLength: 1, maxLength: 4 }), (inserts) => {
        const tokens = [...firstTokens];
        for (const { at, piece } of inserts) tokens.splice(at % (tokens.length + 1), 0, piece);
        checkParse(tokens.join(""));
      }),
      { numRuns: 1500, seed: 5 },
    );
  });
});
