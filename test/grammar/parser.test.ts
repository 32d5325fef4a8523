// The grammar itself: chevrotain's validations, and the visitor covering every rule.
import { describe, expect, it } from "vitest";
import { ScnParser, scnParser } from "../../grammar/parser.js";
import { tokenize } from "../../grammar/scanner.js";
import { createAstBuilder } from "../../src/syntax/to-ast.js";
import { pointAt } from "../../src/syntax/span.js";
import { firstExample } from "../syntax/helpers.js";

describe("grammar", () => {
  it("passes chevrotain's grammar validations (ambiguities, left recursion)", () => {
    expect(() => new ScnParser({ validate: true })).not.toThrow();
  });

  it("parses the first example of language.md without errors, with or without validations", () => {
    for (const parser of [new ScnParser({ validate: true }), scnParser()]) {
      parser.input = tokenize(firstExample).tokens;
      parser.file();
      expect(parser.errors).toEqual([]);
    }
  });

  it("builds the production parser once", () => {
    expect(scnParser()).toBe(scnParser());
  });

  it("has a visitor method for every rule", () => {
    const builder = createAstBuilder(pointAt("", 0), new ScnParser({ validate: true }));
    expect(() => builder.validateVisitor()).not.toThrow();
  });
});
