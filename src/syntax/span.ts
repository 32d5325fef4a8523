// Source spans from tokens and CST nodes. A token the parser inserted while
// recovering from an error has no position (NaN offsets) and never counts.
// Convention (see Span in ast.ts): lines and columns 1-based, offsets 0-based,
// endOffset and endColumn exclusive.
import type { CstNode, IToken } from "chevrotain";
import { NewLine } from "../../grammar/tokens.js";
import type { Span } from "./ast.js";

/** Was this token read from the text (not inserted by error recovery)? */
export function isReal(token: IToken | undefined): token is IToken {
  return token !== undefined && !token.isInsertedInRecovery && Number.isFinite(token.startOffset);
}

/** The span of one token read from the text. */
export function tokenSpan(token: IToken): Span {
  return {
    startOffset: token.startOffset,
    endOffset: (token.endOffset ?? token.startOffset) + 1,
    startLine: token.startLine ?? 1,
    startColumn: token.startColumn ?? 1,
    endLine: token.endLine ?? token.startLine ?? 1,
    endColumn: (token.endColumn ?? token.startColumn ?? 0) + 1,
  };
}

/** The smallest span covering both. */
export function joinSpans(a: Span, b: Span): Span {
  const first = a.startOffset <= b.startOffset ? a : b;
  const last = a.endOffset >= b.endOffset ? a : b;
  return {
    startOffset: first.startOffset,
    startLine: first.startLine,
    startColumn: first.startColumn,
    endOffset: last.endOffset,
    endLine: last.endLine,
    endColumn: last.endColumn,
  };
}

/** The first and last real tokens under a CST node (newlines excluded), in text order. */
function tokenBounds(node: CstNode, bounds: { first?: IToken; last?: IToken }): void {
  for (const children of Object.values(node.children)) {
    for (const child of children) {
      if ("children" in child) {
        tokenBounds(child, bounds);
        continue;
      }
      if (!isReal(child) || child.tokenType === NewLine) continue;
      if (bounds.first === undefined || child.startOffset < bounds.first.startOffset) bounds.first = child;
      if (bounds.last === undefined || child.startOffset > bounds.last.startOffset) bounds.last = child;
    }
  }
}

/** The span of the text a CST node was built from, or undefined if recovery left it without a real token. */
export function nodeSpan(node: CstNode): Span | undefined {
  const bounds: { first?: IToken; last?: IToken } = {};
  tokenBounds(node, bounds);
  if (bounds.first === undefined || bounds.last === undefined) return undefined;
  return joinSpans(tokenSpan(bounds.first), tokenSpan(bounds.last));
}

/** An empty span at `offset` of `text` (the end of the input, say). */
export function pointAt(text: string, offset: number): Span {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    // "\r\n" is one line break; a lone "\r" is one too (as for the lexer).
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = offset - lineStart + 1;
  return { startOffset: offset, endOffset: offset, startLine: line, startColumn: column, endLine: line, endColumn: column };
}
