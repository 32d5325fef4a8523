// The tap reporter: TAP version 14. Each file is a test point whose subtest
// (`# Subtest: path`, then the stream indented four spaces) holds its
// scenarios, and each scenario's subtest its steps, expectations and golden.
// A failure's details follow its test point as a YAML block (`---` … `...`,
// two spaces in); `\` and `#` in descriptions are escaped as TAP 14 says.
import type { Palette } from "./colors.js";
import { yamlString } from "../engine/golden-yaml.js";
import { singleLines, TapLikeReporter, type Dialect } from "./tap-lines.js";

function yamlBlock(details: readonly string[], at: { path: string; line: number; column: number } | undefined, ok: boolean): string[] {
  const lines = singleLines(details);
  const out = ["  ---"];
  if (lines.length > 0) out.push(`  message: ${yamlString(lines[0]!)}`);
  out.push(`  severity: ${ok ? "comment" : "fail"}`);
  if (at) out.push("  at:", `    file: ${yamlString(at.path)}`, `    line: ${at.line}`, `    column: ${at.column}`);
  if (lines.length > 1) out.push("  details:", ...lines.slice(1).map((l) => `    - ${yamlString(l)}`));
  out.push("  ...");
  return out;
}

export const TAP14: Dialect = {
  version: "TAP version 14",
  indent: "    ",
  openSubtest: (name) => [`# Subtest: ${name.replace(/[\r\n]+/g, " ")}`],
  description: (name) => `- ${name.replace(/\\/g, "\\\\").replace(/#/g, "\\#").replace(/[\r\n]+/g, " ")}`,
  openInside: false,
  errorDirective: false,
  detailsBefore: false,
  detailLines: yamlBlock,
};

export class TapReporter extends TapLikeReporter {
  constructor(opts: { write: (text: string) => void; colors: Palette }) {
    super(TAP14, opts);
  }
}
