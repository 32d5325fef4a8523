// Diagnostics as text, the way rustc and TypeScript show them: where, what,
// the source line with a squiggle under the span, and the hint.
//
//   it.scn:12:9: error SCN2003: `expot` is not a verb of a amdgpu actor
//     12 |   amd   expot A as D
//        |         ^^^^^
//        = did you mean `export`?
//
// Colour comes from the caller (who knows about TTYs and NO_COLOR); without
// it the text is plain. Tabs are expanded to stops of TAB_WIDTH so that the
// squiggle stays under the span; the header's column counts characters.
import type { Diagnostic } from "./diagnostic.js";

export type ColorRole = "location" | "error" | "warning" | "code" | "message" | "gutter" | "caret" | "hint";

export interface PrintOptions {
  color: (role: ColorRole, text: string) => string;
}

export const TAB_WIDTH = 4;

/** The 1-based `line` of `source` ("" past the end), without its line break. */
function sourceLine(source: string, line: number): string {
  return source.split(/\r\n|\n|\r/)[line - 1] ?? "";
}

/** Display width of the first `chars` characters of `line`, tabs expanded. */
function displayWidth(line: string, chars: number): number {
  let width = 0;
  for (let i = 0; i < chars; i++) width = line[i] === "\t" ? width + TAB_WIDTH - (width % TAB_WIDTH) : width + 1;
  return width;
}

function expandTabs(line: string): string {
  let out = "";
  for (const c of line) out += c === "\t" ? " ".repeat(TAB_WIDTH - (out.length % TAB_WIDTH)) : c;
  return out;
}

/** The squiggle under the span on its first line: one `^` at least, to the line's end for a span that goes on. */
function squiggle(line: string, d: Diagnostic): { indent: number; width: number } {
  const startChar = d.span.startColumn - 1;
  const endChar = d.span.endLine === d.span.startLine ? d.span.endColumn - 1 : Math.max(line.length, startChar + 1);
  const indent = displayWidth(line, startChar);
  const width = Math.max(1, displayWidth(line, Math.max(endChar, startChar)) - indent);
  return { indent, width };
}

/** One diagnostic as text (no trailing newline). */
export function formatDiagnostic(d: Diagnostic, source: string, path: string, opts?: PrintOptions): string {
  const paint = opts?.color ?? ((_role: ColorRole, text: string) => text);
  const { startLine, startColumn } = d.span;
  const header =
    `${paint("location", `${path}:${startLine}:${startColumn}:`)} ${paint(d.severity, d.severity)} ` +
    `${paint("code", d.code)}: ${paint("message", d.message)}`;
  const line = sourceLine(source, startLine);
  const number = String(startLine);
  const pad = " ".repeat(number.length + 2);
  const { indent, width } = squiggle(line, d);
  const shown = expandTabs(line).trimEnd();
  const lines = [
    header,
    `${paint("gutter", `  ${number} |`)}${shown === "" ? "" : ` ${shown}`}`,
    `${paint("gutter", `${pad} |`)} ${" ".repeat(indent)}${paint("caret", "^".repeat(width))}`,
  ];
  if (d.hint !== undefined) lines.push(`${paint("gutter", `${pad} =`)} ${paint("hint", d.hint)}`);
  return lines.join("\n");
}

/** Several diagnostics of one source, a blank line between them (no trailing newline). */
export function formatDiagnostics(list: readonly Diagnostic[], source: string, path: string, opts?: PrintOptions): string {
  return list.map((d) => formatDiagnostic(d, source, path, opts)).join("\n\n");
}
