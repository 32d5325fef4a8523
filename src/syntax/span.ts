// Source spans from tokens and CST nodes. A token the parser inserted while
// recovering from an error has no position (NaN offsets) and never counts.
// Convention (see Span in ast.ts): lines and columns 1-based, offsets 0-based,
// endOffset and endColumn exclusive.
import type { CstNode, IToken } from "chevrotain";
import { NewLine } from "../../grammar/tokens.js";
import type { Span } from "./ast.js";
import { ruleKeys } from "./cst-keys.js";

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

/** A token the span of a node counts: read from the text, and not a newline. */
function counts(t: IToken): boolean {
  return isReal(t) && t.tokenType !== NewLine;
}

/**
 * The first (`dir` 1) or last (`dir` -1) counted token under a CST node. The
 * children under each key are in text order, so each key is searched from
 * its near end and left at its first hit: a node's span costs a walk along
 * its edges, not through the whole subtree. Every key's candidate is
 * compared by offset, so the order the keys are visited in does not matter.
 */
function edgeToken(node: CstNode, dir: 1 | -1): IToken | undefined {
  const children = node.children;
  const keys = ruleKeys(node.name) ?? Object.keys(children);
  let best: IToken | undefined;
  for (let k = 0; k < keys.length; k++) {
    const list = children[keys[k]!];
    if (list === undefined) continue;
    const t = edgeOf(list, dir);
    if (t !== undefined && (best === undefined || (dir === 1 ? t.startOffset < best.startOffset : t.startOffset > best.startOffset))) best = t;
  }
  return best;
}

/** The first counted token from the near end of one key's children. */
function edgeOf(list: (CstNode | IToken)[], dir: 1 | -1): IToken | undefined {
  for (let i = dir === 1 ? 0 : list.length - 1; i >= 0 && i < list.length; i += dir) {
    const child = list[i]!;
    const t = "children" in child ? edgeToken(child, dir) : counts(child) ? child : undefined;
    if (t !== undefined) return t;
  }
  return undefined;
}

/** The span of the text a CST node was built from, or undefined if recovery left it without a real token. */
export function nodeSpan(node: CstNode): Span | undefined {
  const first = edgeToken(node, 1);
  const last = edgeToken(node, -1);
  if (first === undefined || last === undefined) return undefined;
  return joinSpans(tokenSpan(first), tokenSpan(last));
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
