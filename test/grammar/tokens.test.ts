// The vocabulary: keywords vs identifiers, profiles, numbers, strings, comments, newlines.
import { tokenMatcher } from "chevrotain";
import { describe, expect, it } from "vitest";
import { tokenize } from "../../grammar/scanner.js";
import * as T from "../../grammar/tokens.js";

const lex = tokenize;

/** `Name:image` for every token. */
function kinds(text: string): string[] {
  const { tokens, errors } = lex(text);
  expect(errors).toEqual([]);
  return tokens.map((t) => `${t.tokenType.name}:${t.image.replace(/\r?\n/, "⏎")}`);
}

describe("tokens", () => {
  it("passes chevrotain's lexer definition checks (they throw on an error)", () => {
    expect(() => T.referenceLexer()).not.toThrow();
  });

  it("reads keywords exactly and anything longer as an identifier", () => {
    expect(kinds("as asx as-x by one on of hazards hazard hazardous")).toEqual([
      "As:as", "Identifier:asx", "Identifier:as-x", "By:by", "One:one", "On:on", "Of:of",
      "Hazards:hazards", "Hazard:hazard", "Identifier:hazardous",
    ]);
  });

  it("knows every structural keyword and nothing else", () => {
    const words = "scenario kernel with tags actors steps expect always sometimes never as by one of hazards hazard on none ok parallel thread";
    const { tokens } = lex(words);
    expect(tokens.map((t) => t.tokenType.name.toLowerCase())).toEqual(words.split(" "));
    expect(kinds("userptr mmap export amdgpu EFAULT reg-mr")).toEqual([
      "Identifier:userptr", "Identifier:mmap", "Identifier:export", "Identifier:amdgpu", "Identifier:EFAULT", "Identifier:reg-mr",
    ]);
  });

  it("reads has and lacks as identifiers that the operator position can ask for", () => {
    const { tokens } = lex("has lacks hasty");
    expect(tokens.map((t) => t.tokenType.name)).toEqual(["Has", "Lacks", "Identifier"]);
    expect(tokens.every((t) => tokenMatcher(t, T.Identifier))).toBe(true);
  });

  it("reads a profile as one token, before an identifier could take it", () => {
    expect(kinds("linux-6.12 linux-5.10 linux-6 linuxy")).toEqual([
      "Profile:linux-6.12", "Profile:linux-5.10", "Identifier:linux-6", "Identifier:linuxy",
    ]);
  });

  it("reads decimal, hex and binary sizes", () => {
    expect(["4096", "0x1000", "4K", "2M", "1G", "0"].map(T.numberValue)).toEqual([4096, 4096, 4096, 2097152, 1073741824, 0]);
  });

  it("reads a malformed number as one token, never a number and a name", () => {
    expect(kinds("2Mx 12abc 0x")).toEqual(["NumberLiteral:2Mx", "NumberLiteral:12abc", "NumberLiteral:0x"]);
    expect(["2Mx", "12abc", "0x", "4k", "0X10", "99999999999999999999"].map(T.numberValue)).toEqual([
      undefined, undefined, undefined, undefined, undefined, undefined,
    ]);
  });

  it("reads strings with escapes, and an unterminated string as a string", () => {
    const { tokens } = lex('"a \\"b\\" \\\\" "open');
    expect(tokens.map((t) => t.tokenType.name)).toEqual(["StringLiteral", "UnterminatedString"]);
    expect(tokenMatcher(tokens[1]!, T.StringLiteral)).toBe(true);
  });

  it("keeps newlines as tokens, skips whitespace and tabs, keeps comments aside", () => {
    const result = lex("a\t b # note\r\nc\n");
    expect(result.tokens.map((t) => t.tokenType.name)).toEqual(["Identifier", "Identifier", "NewLine", "Identifier", "NewLine"]);
    expect(result.groups.comments?.map((t) => t.image)).toEqual(["# note"]);
    expect(result.tokens[3]).toMatchObject({ startLine: 2, startColumn: 1 });
  });

  it("reads punctuation and operators, longest first", () => {
    expect(kinds("{ } : , . | = => == != <= >= < >").map((k) => k.split(":")[0])).toEqual([
      "LBrace", "RBrace", "Colon", "Comma", "Dot", "Pipe", "Equals", "Arrow", "EqEq", "NotEq", "LessEq", "GreaterEq", "Less", "Greater",
    ]);
  });

  it("reports a character no token matches", () => {
    const { errors } = lex("a @ b");
    expect(errors).toMatchObject([{ offset: 2, length: 1, line: 1, column: 3 }]);
  });
});
