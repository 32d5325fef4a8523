// The parse façade: .scn text in, AST and every syntax diagnostic out, sorted
// by position. It never throws: an exception here would be a bug, and even
// that comes back as a diagnostic.
import type { FileCstNode } from "../../grammar/cst.js";
import { scnParser } from "../../grammar/parser.js";
import { tokenize } from "../../grammar/scanner.js";
import { Scenario as ScenarioKeyword } from "../../grammar/tokens.js";
import { diag } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { ScnFile, Span } from "./ast.js";
import { lexicalDiagnostics } from "./lexical.js";
import { pointAt, tokenSpan } from "./span.js";
import { syntaxDiagnostic } from "./syntax-errors.js";
import { cstToAst } from "./to-ast.js";
import { readWellFormed } from "./direct.js";

export interface ParseResult {
  file: ScnFile;
  diagnostics: Diagnostic[];
}

/** Diagnostics in text order, each reported once (same offset, code and message). */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const key = `${d.span.startOffset}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // Stable: diagnostics at one offset stay in the order the phases found them.
  return unique.sort((a, b) => a.span.startOffset - b.span.startOffset);
}

function parseText(text: string, fileSpan: Span): ParseResult {
  const lexed = tokenize(text);
  const diagnostics = lexicalDiagnostics(lexed, text);
  if (!lexed.tokens.some((t) => t.tokenType === ScenarioKeyword)) {
    const firstToken = lexed.tokens.find((t) => t.image.trim() !== "");
    diagnostics.push(diag("noScenario", firstToken ? tokenSpan(firstToken) : pointAt(text, 0)));
    return { file: { kind: "file", scenarios: [], span: fileSpan }, diagnostics: sortDiagnostics(diagnostics) };
  }
  const parser = scnParser();
  parser.input = lexed.tokens;
  const cst = parser.file() as FileCstNode;
  for (const error of parser.errors) diagnostics.push(syntaxDiagnostic(error, lexed.tokens, text));
  const built = cstToAst(cst, fileSpan);
  return { file: built.file, diagnostics: sortDiagnostics([...diagnostics, ...built.diagnostics]) };
}

/**
 * Parse a .scn text. Never throws. A well-formed text is read directly
 * (direct.ts); any other takes the chevrotain path, which reports every
 * mistake. Both give the same AST (test/syntax/direct.test.ts).
 */
export function parseScn(text: string): ParseResult {
  const file = readWellFormed(text);
  return file !== undefined ? { file, diagnostics: [] } : parseWithParser(text);
}

/** Parse with the chevrotain parser and the CST→AST visitor, whatever the text. Never throws. */
export function parseWithParser(text: string): ParseResult {
  const end = pointAt(text, text.length);
  const fileSpan: Span = { ...pointAt(text, 0), endOffset: end.endOffset, endLine: end.endLine, endColumn: end.endColumn };
  try {
    return parseText(text, fileSpan);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { file: { kind: "file", scenarios: [], span: fileSpan }, diagnostics: [diag("parserFailure", pointAt(text, 0), [reason])] };
  }
}
