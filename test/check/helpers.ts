// Test helpers: a snippet in, the checker's diagnostics out.
import { parseScn } from "../../src/syntax/parse.js";
import { checkFile } from "../../src/check/check.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";

export function scenario(actors: string, steps: string, expect = "", header = ""): string {
  return `scenario "t"\n${header}actors {\n${actors}\n}\nsteps {\n${steps}\n}\n${expect ? `expect {\n${expect}\n}\n` : ""}`;
}

export function check(text: string): Diagnostic[] {
  const parsed = parseScn(text);
  if (parsed.diagnostics.length) return parsed.diagnostics;
  return checkFile(parsed.file).diagnostics;
}

export function codes(text: string): string[] {
  return check(text).map((d) => d.code);
}
