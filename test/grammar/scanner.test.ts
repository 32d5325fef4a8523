// The scanner gives exactly what chevrotain's own Lexer gives over the same
// vocabulary: tokens, positions, the comments group and error runs.
import type { ILexingResult, IToken } from "chevrotain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tokenize } from "../../grammar/scanner.js";
import { referenceLexer } from "../../grammar/tokens.js";
import { firstExample } from "../syntax/helpers.js";

const reference = referenceLexer();

/** Everything but the error messages (the scanner's are never shown: lexical.ts words its own). */
function comparable(result: ILexingResult) {
  const plain = (t: IToken) => ({ ...t, tokenType: t.tokenType.name });
  return {
    tokens: result.tokens.map(plain),
    groups: Object.fromEntries(Object.entries(result.groups).map(([name, tokens]) => [name, tokens.map(plain)])),
    errors: result.errors.map(({ offset, line, column, length }) => ({ offset, line, column, length })),
  };
}

function same(text: string): void {
  expect(comparable(tokenize(text))).toEqual(comparable(reference.tokenize(text)));
}

const pieces = [
  "scenario", "as", "asx", "one", "on", "of", "hazards", "hazard", "has", "lacks", "linux-6.12", "linux-6", "A", "a_b-c",
  "2M", "0x1f", "12abc", "\"s\"", "\"a\\\"b\"", "\"open", "\\", "{", "}", ":", ",", ".", "|", "=", "=>", "==", "!=", "<=",
  ">=", "<", ">", "!", "-", "@", "#c", "\n", "\r\n", "\r", "\t", " ", "\f", "é", "\u00a0", "😀",
];

describe("scanner", () => {
  it("matches chevrotain's Lexer on the first example and on tricky text", () => {
    same(firstExample);
    same('a\r\n\r\nb\r c\n\n# x\r\n"s" @@ -1 linux-6.12x one\u00a0on');
    same("");
  });

  it("matches chevrotain's Lexer on random text", () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((p) => p.join("")), same), { numRuns: 1000, seed: 7 });
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 80 }), same), { numRuns: 500, seed: 8 });
  });
});
