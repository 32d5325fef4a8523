// Diagnostics of the lexical phase: characters no token matches, malformed
// numbers, unterminated strings and unknown escapes. The lexer keeps going
// after each, so every lexical mistake of a file is reported at once.
import type { ILexingError, ILexingResult, IToken } from "chevrotain";
import { numberValue, NumberLiteral, StringLiteral, UnterminatedString } from "../../grammar/tokens.js";
import { diag } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "./ast.js";
import { pointAt, tokenSpan } from "./span.js";

const visible = /^[^\p{C}\p{Z}]+$/u;

/** Source text quoted for a message: `"@"`, or `U+00A0` for a character that would not show. */
export function quoteText(text: string, max = 30): string {
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  if (visible.test(shown)) return `"${shown}"`;
  return [...shown]
    .map((c) => (visible.test(c) ? `"${c}"` : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`))
    .join(" ");
}

/** A lexer error's span: a run of characters the lexer skipped, never across a line break. */
function errorSpan(text: string, e: ILexingError): Span {
  const at = e.line === undefined || e.column === undefined ? pointAt(text, e.offset) : { startLine: e.line, startColumn: e.column };
  return {
    startOffset: e.offset, endOffset: e.offset + e.length,
    startLine: at.startLine, startColumn: at.startColumn, endLine: at.startLine, endColumn: at.startColumn + e.length,
  };
}

/** The span of `length` characters at `offset` inside a one-line token. */
function withinToken(token: IToken, offset: number, length: number): Span {
  const span = tokenSpan(token);
  const startOffset = span.startOffset + offset;
  const startColumn = span.startColumn + offset;
  return { ...span, startOffset, startColumn, endOffset: startOffset + length, endLine: span.startLine, endColumn: startColumn + length };
}

function tokenDiagnostics(token: IToken): Diagnostic[] {
  if (token.tokenType === NumberLiteral) {
    return numberValue(token.image) === undefined ? [diag("badNumber", tokenSpan(token), [quoteText(token.image)])] : [];
  }
  if (token.tokenType === UnterminatedString) return [diag("unterminatedString", tokenSpan(token))];
  if (token.tokenType !== StringLiteral) return [];
  const found: Diagnostic[] = [];
  if (!token.image.includes("\\")) return found;
  // [^] and not `.`: a backslash before U+2028 or U+2029 is an escape too (the string token takes it as one).
  for (const escape of token.image.matchAll(/\\([^])/g)) {
    if (escape[1] === '"' || escape[1] === "\\") continue;
    found.push(diag("badEscape", withinToken(token, escape.index ?? 0, escape[0].length), [quoteText(escape[0])]));
  }
  return found;
}

/** Everything the lexer found wrong in `text`. */
export function lexicalDiagnostics(lexed: ILexingResult, text: string): Diagnostic[] {
  const unexpected = lexed.errors.map((e) =>
    diag("unexpectedCharacter", errorSpan(text, e), [quoteText(text.slice(e.offset, e.offset + e.length))]),
  );
  // Only numbers and strings can be malformed: the other tokens are skipped without allocating.
  for (const token of lexed.tokens) {
    const t = token.tokenType;
    if (t === NumberLiteral || t === StringLiteral || t === UnterminatedString) unexpected.push(...tokenDiagnostics(token));
  }
  return unexpected;
}
