// The TextMate grammar must not drift from the parser: the JSON file is what
// grammar/textmate.ts builds from tokens.ts, and colouring every corpus file
// with its rules gives each token the scope its token type calls for (a
// keyword is coloured as one exactly where the scanner reads a keyword).
// Regenerate with UPDATE_GRAMMAR=1 npx vitest run test/grammar/textmate.test.ts
import { readFileSync, writeFileSync } from "node:fs";
import type { TokenType } from "chevrotain";
import { describe, expect, it } from "vitest";
import { tokenize } from "../../grammar/scanner.js";
import { keywords, textmateJson, type TmGrammar } from "../../grammar/textmate.js";
import * as T from "../../grammar/tokens.js";
import { errnoNames, signalNames } from "../../src/check/words.js";
import { collectInputs } from "../../src/cli/inputs.js";

const FILE = "grammar/scn.tmLanguage.json";

describe("grammar/scn.tmLanguage.json", () => {
  it("is in step with grammar/tokens.ts", () => {
    if (process.env.UPDATE_GRAMMAR) writeFileSync(FILE, textmateJson());
    expect(readFileSync(FILE, "utf8"), `${FILE} is out of date: UPDATE_GRAMMAR=1 npx vitest run test/grammar/textmate.test.ts`).toBe(textmateJson());
  });

  it("knows every keyword of the parser and the EBNF", () => {
    const ebnf = readFileSync("grammar/README.md", "utf8");
    const listed = [...(/KEYWORD\s+::=([^(]*)\(\*|KEYWORD\s+::=([^`]*)```/.exec(ebnf)?.[0] ?? "").matchAll(/"([a-z]+)"/g)].map((m) => m[1]);
    expect([...listed].sort()).toEqual([...keywords()].sort());
  });

  it("colours errno and signal names as constants", () => {
    const grammar = JSON.parse(readFileSync(FILE, "utf8")) as TmGrammar;
    const errno = new RegExp(`^${grammar.repository.errno!.match}$`);
    for (const name of [...errnoNames, ...signalNames]) expect(name).toMatch(errno);
  });
});

/** The scope each rule gives, at each offset of a line: first rule matching earliest wins, as in an editor. */
function colour(line: string, grammar: TmGrammar): (string | undefined)[] {
  const rules = grammar.patterns.map((p) => grammar.repository[p.include.slice(1)]!).map((r) => ({ name: r.name, re: new RegExp(r.match, "g") }));
  const scopes: (string | undefined)[] = new Array(line.length).fill(undefined);
  let pos = 0;
  while (pos < line.length) {
    let best: { index: number; length: number; name: string } | undefined;
    for (const r of rules) {
      r.re.lastIndex = pos;
      const m = r.re.exec(line);
      if (m && m[0].length > 0 && (best === undefined || m.index < best.index)) best = { index: m.index, length: m[0].length, name: r.name };
    }
    if (best === undefined) break;
    scopes.fill(best.name, best.index, best.index + best.length);
    pos = best.index + best.length;
  }
  return scopes;
}

const operators = new Set([T.Arrow, T.EqEq, T.NotEq, T.LessEq, T.GreaterEq, T.Less, T.Greater, T.Has, T.Lacks]);

/** The scope a token of this type and text must get. */
function expected(type: TokenType, image: string): string | undefined {
  if (type === T.Comment) return "comment.line.number-sign.scn";
  if (type === T.StringLiteral || type === T.UnterminatedString) return "string.quoted.double.scn";
  if (type === T.Profile) return "constant.other.profile.scn";
  if (type === T.NumberLiteral) return "constant.numeric.scn";
  if (operators.has(type)) return "keyword.operator.scn";
  if (type.CATEGORIES?.includes(T.Keyword)) return "keyword.control.scn";
  if (type === T.Identifier) return /^(?:E[A-Z][A-Z0-9]*|E2BIG|SIG[A-Z]+)$/.test(image) ? "constant.language.errno.scn" : undefined;
  return "punctuation.separator.scn";
}

describe("colouring the corpus", () => {
  it("gives every token of every .scn file the scope of its token type", () => {
    const grammar = JSON.parse(readFileSync(FILE, "utf8")) as TmGrammar;
    const files = collectInputs(["scenarios", "test"]).flatMap((i) => (i.kind === "file" ? [i.path] : []));
    expect(files.length).toBeGreaterThan(10);
    let checked = 0;
    for (const path of files) {
      const text = readFileSync(path, "utf8");
      const lines = text.split(/\r\n|\n|\r/).map((l) => colour(l, grammar));
      const { tokens, groups } = tokenize(text);
      for (const tok of [...tokens, ...(groups.comments ?? [])]) {
        if (tok.tokenType === T.NewLine) continue;
        const got = lines[tok.startLine! - 1]![tok.startColumn! - 1];
        expect(got, `${path}:${tok.startLine}:${tok.startColumn} ${JSON.stringify(tok.image)}`).toBe(expected(tok.tokenType, tok.image));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
