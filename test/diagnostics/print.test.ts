// The printer: location, message, source line, squiggle, hint; colour only through the caller.
import { describe, expect, it } from "vitest";
import { diag } from "../../src/diagnostics/catalogue.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { formatDiagnostic, formatDiagnostics } from "../../src/diagnostics/print.js";
import type { Span } from "../../src/syntax/ast.js";

/** A span from line/column pairs of a one-line source fragment (offsets are not read by the printer). */
function span(startLine: number, startColumn: number, endLine: number, endColumn: number): Span {
  return { startOffset: 0, endOffset: 0, startLine, startColumn, endLine, endColumn };
}

const source = `${"\n".repeat(11)}  amd   expot A as D\n`;

describe("formatDiagnostic", () => {
  it("prints location, code, message, the line, a squiggle and the hint", () => {
    const d = diag("unknownVerb", span(12, 9, 12, 14), ["expot", "amdgpu"], "did you mean `export`?");
    expect(formatDiagnostic(d, source, "it.scn")).toBe(
      [
        "it.scn:12:9: error SCN2003: `expot` is not a verb of a amdgpu actor",
        "  12 |   amd   expot A as D",
        "     |         ^^^^^",
        "     = did you mean `export`?",
      ].join("\n"),
    );
  });

  it("expands tabs so that the squiggle stays under the span", () => {
    const d: Diagnostic = { code: "SCN1001", severity: "error", message: "m", span: span(1, 5, 1, 6) };
    expect(formatDiagnostic(d, "\tab\t@", "t.scn").split("\n").slice(1)).toEqual(["  1 |     ab  @", "    |         ^"]);
  });

  it("underlines a span over several lines to the end of its first line", () => {
    const d: Diagnostic = { code: "SCN1002", severity: "warning", message: "m", span: span(2, 3, 4, 2) };
    expect(formatDiagnostic(d, "x\n  steps {\n  a\n}\n", "t.scn").split("\n")).toEqual([
      "t.scn:2:3: warning SCN1002: m",
      "  2 |   steps {",
      "    |   ^^^^^^^",
    ]);
  });

  it("shows one caret for an empty span, past the end of the line too", () => {
    const d: Diagnostic = { code: "SCN1002", severity: "error", message: "m", span: span(1, 4, 1, 4) };
    expect(formatDiagnostic(d, "abc", "t.scn").split("\n").slice(1)).toEqual(["  1 | abc", "    |    ^"]);
    const after: Diagnostic = { ...d, span: span(2, 1, 2, 1) };
    expect(formatDiagnostic(after, "abc\n", "t.scn").split("\n").slice(1)).toEqual(["  2 |", "    | ^"]);
  });

  it("widens the gutter with the line number and reads \\r\\n sources", () => {
    const text = `${"x\r\n".repeat(99)}hello\r\n`;
    const d: Diagnostic = { code: "SCN1001", severity: "error", message: "m", span: span(100, 1, 100, 6) };
    expect(formatDiagnostic(d, text, "t.scn").split("\n").slice(1)).toEqual(["  100 | hello", "      | ^^^^^"]);
  });

  it("colours through the caller's function, by role", () => {
    const d = diag("unknownVerb", span(12, 9, 12, 14), ["expot", "amdgpu"], "hint");
    const out = formatDiagnostic(d, source, "it.scn", { color: (role, text) => `<${role}>${text}</${role}>` });
    expect(out.split("\n")).toEqual([
      "<location>it.scn:12:9:</location> <error>error</error> <code>SCN2003</code>: <message>`expot` is not a verb of a amdgpu actor</message>",
      "<gutter>  12 |</gutter>   amd   expot A as D",
      "<gutter>     |</gutter>         <caret>^^^^^</caret>",
      "<gutter>     =</gutter> <hint>hint</hint>",
    ]);
  });
});

describe("formatDiagnostics", () => {
  it("puts a blank line between diagnostics and none at the end", () => {
    const d: Diagnostic = { code: "SCN1001", severity: "error", message: "m", span: span(1, 1, 1, 2) };
    expect(formatDiagnostics([d, d], "a", "t.scn")).toBe("t.scn:1:1: error SCN1001: m\n  1 | a\n    | ^\n\nt.scn:1:1: error SCN1001: m\n  1 | a\n    | ^");
    expect(formatDiagnostics([], "a", "t.scn")).toBe("");
  });
});
