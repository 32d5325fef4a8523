// The direct reader (src/syntax/direct.ts) against the chevrotain path: on
// every text, it reads it exactly when the parser finds nothing to report,
// and then builds the same AST, spans and key order included.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { collectInputs } from "../../src/cli/inputs.js";
import { readWellFormed } from "../../src/syntax/direct.js";
import { parseScn, parseWithParser } from "../../src/syntax/parse.js";
import { firstExample } from "./helpers.js";

/** The problem with `text`, or undefined when both paths agree on it. */
function disagreement(text: string): string | undefined {
  const direct = readWellFormed(text);
  const slow = parseWithParser(text);
  const clean = slow.diagnostics.length === 0;
  if (direct === undefined) return clean ? "the direct reader gave up on a text the parser reads without a diagnostic" : undefined;
  if (!clean) return `the direct reader accepted a text the parser reports: ${slow.diagnostics.map((d) => `${d.span.startLine}:${d.span.startColumn} ${d.message}`).join("; ")}`;
  const [a, b] = [JSON.stringify(direct), JSON.stringify(slow.file)];
  if (a === b) return undefined;
  let i = 0;
  while (a[i] === b[i]) i++;
  return `different ASTs from character ${i}:\n  direct: …${a.slice(Math.max(0, i - 80), i + 80)}\n  parser: …${b.slice(Math.max(0, i - 80), i + 80)}`;
}

const corpus = collectInputs([new URL("../../scenarios", import.meta.url).pathname])
  .filter((i) => i.kind === "file")
  .map((i) => ({ path: i.path, text: readFileSync(i.path, "utf8") }));

const pieces = [
  "scenario", '"t"', '"a \\"b\\" \\\\"', '"x\\n"', "kernel", "linux-6.12", "linux-6.", "with", "k=v", "k=on", "k=4K", "tags", "actors",
  "steps", "expect", "always", "never", "sometimes", "as", "by", "one of {", "one", "of", "hazards", "hazard", "on", "none", "ok",
  "parallel", "thread", "has", "lacks", "amd", "A", "M.refs", "2M", "0x1000", "12abc", "{", "}", ":", ",", ".", "|", "=", "=>",
  "==", "!=", "<=", ">=", "<", ">", "!", "\n", "\r\n", "\r", "\t", " ", "  ", "# c\n", "#", '"', "\\", "@", "é", "\u00a0", "\uFEFF",
];

type Mutation = { at: number; op: "delete" | "duplicate" | "swap" | "insert"; piece: string };
const mutation = fc.record({
  at: fc.nat(),
  op: fc.constantFrom<Mutation["op"]>("delete", "duplicate", "swap", "insert"),
  piece: fc.constantFrom(...pieces),
});

/** Apply word-level mutations to `text` split at its blanks (which are kept as items). */
function mutate(text: string, mutations: Mutation[]): string {
  const out = text.split(/([ \t]+|\r\n|\n)/);
  for (const { at, op, piece } of mutations) {
    if (out.length === 0) break;
    const i = at % out.length;
    if (op === "delete") out.splice(i, 1);
    else if (op === "duplicate") out.splice(i, 0, out[i]!);
    else if (op === "insert") out.splice(i, 0, piece);
    else if (i + 1 < out.length) [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
  }
  return out.join("");
}

describe("the direct reader", () => {
  it("reads every corpus file, as the parser does", () => {
    expect(corpus.length).toBeGreaterThan(20);
    for (const { path, text } of corpus) {
      expect(readWellFormed(text), path).toBeDefined();
      expect(disagreement(text), path).toBeUndefined();
    }
  });

  it("reads the first example of language.md, and is what parseScn uses", () => {
    expect(disagreement(firstExample)).toBeUndefined();
    expect(JSON.stringify(parseScn(firstExample).file)).toBe(JSON.stringify(readWellFormed(firstExample)));
  });

  it("gives up on each kind of mistake the parser reports", () => {
    const ok = 'scenario "t"\nactors {\n  a: amdgpu\n}\nsteps {\n  a create A size 4K\n}\n';
    expect(readWellFormed(ok)).toBeDefined();
    for (const bad of [
      ok.replace("4K", "4Q"), // malformed number
      ok.replace('"t"', '"t'), // unterminated string
      ok.replace('"t"', '"t\\n"'), // unknown escape
      ok.replace('"t"', '"t\\\u2028"'), // an escaped U+2028 is an unknown escape too
      ok.replace("create", "cre@te"), // no token matches
      ok.replace("a create", "a create\n  parallel {\n  }\n  a"), // parallel
      ok.replace("}\nsteps", "steps"), // syntax
      "# nothing\n", // no scenario
      `${ok}trailing words\n`, // input left over
    ]) {
      expect(readWellFormed(bad), bad).toBeUndefined();
      expect(disagreement(bad), bad).toBeUndefined();
    }
  });

  it("agrees with the parser on mutated corpus files", () => {
    fc.assert(
      fc.property(fc.constantFrom(...corpus), fc.array(mutation, { minLength: 1, maxLength: 4 }), (file, ms) => {
        expect(disagreement(mutate(file.text, ms))).toBeUndefined();
      }),
      { numRuns: 1500, seed: 7 },
    );
  }, 120_000);

  it("agrees with the parser on random texts made of the language's pieces", () => {
    const head = 'scenario "t"\nactors {\n  a: amdgpu\n}\nsteps {\n';
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), fc.boolean(), (ps, framed) => {
        const text = framed ? `${head}${ps.join(" ")}\n}\n` : ps.join("");
        expect(disagreement(text)).toBeUndefined();
      }),
      { numRuns: 3000, seed: 11 },
    );
  }, 120_000);
});
