// The lexer of the .scn language: the token types of tokens.ts applied the
// way chevrotain's Lexer applies them (first pattern in `allTokens` order
// wins, `longer_alt` beats it when longer, groups, full position tracking,
// a run of unmatched characters is one error), without that Lexer's start-up
// analysis, which costs the CLI's cold start more than the whole scan of a
// file. test/grammar/scanner.test.ts checks that both give the same result.
import { Lexer, type ILexingError, type ILexingResult, type IToken, type TokenType } from "chevrotain";
import { allTokens } from "./tokens.js";

interface Matcher {
  type: TokenType;
  pattern: RegExp;
  longerAlt: Matcher | undefined;
  /** "tokens" for the parser, a group name, or undefined for skipped. */
  group: string | undefined;
  lineBreaks: boolean;
}

function compile(types: TokenType[]): Matcher[] {
  const byType = new Map<TokenType, Matcher>();
  for (const type of types) {
    if (!(type.PATTERN instanceof RegExp) || type.PATTERN === Lexer.NA) continue;
    const group = type.GROUP === undefined ? "tokens" : type.GROUP === Lexer.SKIPPED ? undefined : String(type.GROUP);
    const lineBreaks = type.LINE_BREAKS === true;
    byType.set(type, { type, pattern: new RegExp(type.PATTERN.source, "y"), longerAlt: undefined, group, lineBreaks });
  }
  for (const matcher of byType.values()) {
    const alt = matcher.type.LONGER_ALT;
    matcher.longerAlt = alt === undefined ? undefined : byType.get(Array.isArray(alt) ? alt[0]! : alt);
  }
  return [...byType.values()];
}

let matchers: Matcher[] | undefined;

function matchAt(matcher: Matcher, text: string, offset: number): number {
  matcher.pattern.lastIndex = offset;
  const match = matcher.pattern.exec(text);
  return match === null || match[0].length === 0 ? -1 : match[0].length;
}

/** The first matcher that matches at `offset` (a longer alternative if it matches more), and the length. */
function longestFirst(list: Matcher[], text: string, offset: number): [Matcher, number] | undefined {
  for (const matcher of list) {
    const length = matchAt(matcher, text, offset);
    if (length === -1) continue;
    const alt = matcher.longerAlt;
    const altLength = alt === undefined ? -1 : matchAt(alt, text, offset);
    return alt !== undefined && altLength > length ? [alt, altLength] : [matcher, length];
  }
  return undefined;
}

/** Line breaks in `image` ("\r\n" counts once) and the index of the last one's last character. */
function lineBreaks(image: string): { count: number; lastEnd: number } {
  let count = 0;
  let lastEnd = -1;
  for (let i = 0; i < image.length; i++) {
    const c = image.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    if (c === 13 && image.charCodeAt(i + 1) === 10) i++;
    count++;
    lastEnd = i;
  }
  return { count, lastEnd };
}

/** Tokenize `text`: parser tokens, the comments group, and unexpected-character errors. */
export function tokenize(text: string): ILexingResult {
  const list = (matchers ??= compile(allTokens));
  const tokens: IToken[] = [];
  const groups: Record<string, IToken[]> = { comments: [] };
  const errors: ILexingError[] = [];
  let offset = 0;
  let line = 1;
  let column = 1;
  while (offset < text.length) {
    const found = longestFirst(list, text, offset);
    if (found === undefined) {
      const start = offset;
      do offset++;
      while (offset < text.length && !list.some((m) => matchAt(m, text, offset) !== -1));
      errors.push({ offset: start, line, column, length: offset - start, message: `unexpected character at offset ${start}` });
      column += offset - start;
      continue;
    }
    const [matcher, length] = found;
    const image = text.substring(offset, offset + length);
    if (matcher.group !== undefined) {
      const token: IToken = {
        image, startOffset: offset, endOffset: offset + length - 1,
        startLine: line, endLine: line, startColumn: column, endColumn: column + length - 1,
        tokenTypeIdx: matcher.type.tokenTypeIdx!, tokenType: matcher.type,
      };
      (matcher.group === "tokens" ? tokens : (groups[matcher.group] ??= [])).push(token);
    }
    const breaks = matcher.lineBreaks ? lineBreaks(image) : { count: 0, lastEnd: -1 };
    if (breaks.count === 0) column += length;
    else {
      line += breaks.count;
      column = length - breaks.lastEnd;
    }
    offset += length;
  }
  return { tokens, groups, errors };
}
