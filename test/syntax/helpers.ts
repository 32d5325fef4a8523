// Test helpers: a snippet in, one thing to assert out.
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { ScnFile, Scenario } from "../../src/syntax/ast.js";
import { parseScn } from "../../src/syntax/parse.js";

/** The first example of language.md, verbatim. */
export const firstExample = readFileSync(new URL("./fixtures/first-example.scn", import.meta.url), "utf8");

/** Parse text that must have no diagnostic at all. */
export function parseClean(text: string): ScnFile {
  const { file, diagnostics } = parseScn(text);
  expect(diagnostics.map((d) => `${d.span.startLine}:${d.span.startColumn} ${d.code} ${d.message}`)).toEqual([]);
  return file;
}

/** The one scenario of a clean text. */
export function parseScenario(text: string): Scenario {
  const file = parseClean(text);
  expect(file.scenarios).toHaveLength(1);
  return file.scenarios[0]!;
}

/** Diagnostics as `line:column CODE message`, in the order reported. */
export function errorsOf(text: string): string[] {
  return parseScn(text).diagnostics.map((d) => `${d.span.startLine}:${d.span.startColumn} ${d.code} ${d.message}`);
}

/** A minimal scenario around some steps (and optional trailing text, e.g. expect blocks). */
export function withSteps(steps: string, after = ""): string {
  return `scenario "t"\nactors {\n  amd: amdgpu\n  app: process\n}\nsteps {\n${steps}\n}\n${after}`;
}
