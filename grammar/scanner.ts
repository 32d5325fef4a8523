// The lexer of the .scn language: the token types of tokens.ts applied the
// way chevrotain's Lexer applies them (first pattern in `allTokens` order
// wins, `longer_alt` beats it when longer, groups, full position tracking,
// a run of unmatched characters is one error), without that Lexer's start-up
// analysis, which costs the CLI's cold start more than the whole scan of a
// file. test/grammar/scanner.test.ts checks that both give the same result.
import { Lexer, type ILexingError, type ILexingResult, type IToken, type TokenType } from "chevrotain";
import { firstChars, TABLE_SIZE } from "./first-chars.js";
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

/**
 * The patterns worth trying at each character: `byChar[c]` lists, in
 * `allTokens` order, the matchers that can start with code `c` (see
 * first-chars.ts); codes from TABLE_SIZE up try every matcher.
 */
interface Scanner {
  list: Matcher[];
  byChar: Matcher[][];
}

function scanner(list: Matcher[]): Scanner {
  const starts = list.map((m) => firstChars(m.pattern.source));
  const byChar: Matcher[][] = [];
  for (let c = 0; c < TABLE_SIZE; c++) byChar.push(list.filter((_, i) => starts[i] === undefined || starts[i]!.has(c)));
  return { list, byChar };
}

let compiled: Scanner | undefined;

/** The length of `matcher`'s match at `offset`, or -1 when it does not match there or matches nothing. */
function matchAt(matcher: Matcher, text: string, offset: number): number {
  const pattern = matcher.pattern;
  pattern.lastIndex = offset;
  // A sticky test leaves lastIndex at the end of the match, with no match array to allocate.
  if (!pattern.test(text)) return -1;
  const length = pattern.lastIndex - offset;
  return length === 0 ? -1 : length;
}

/** Length of the last `firstMatch` hit. */
let hitLength = 0;

/** The first matcher that matches at `offset` with a non-empty text (its length in `hitLength`). */
function firstMatch(s: Scanner, text: string, offset: number): Matcher | undefined {
  const code = text.charCodeAt(offset);
  const candidates = code < TABLE_SIZE ? s.byChar[code]! : s.list;
  for (let i = 0; i < candidates.length; i++) {
    hitLength = matchAt(candidates[i]!, text, offset);
    if (hitLength !== -1) return candidates[i];
  }
  return undefined;
}

/** The first matcher that matches at `offset` (a longer alternative if it matches more); its length in `hitLength`. */
function longestFirst(s: Scanner, text: string, offset: number): Matcher | undefined {
  const matcher = firstMatch(s, text, offset);
  if (matcher === undefined) return undefined;
  const alt = matcher.longerAlt;
  if (alt === undefined) return matcher;
  const altLength = matchAt(alt, text, offset);
  if (altLength <= hitLength) return matcher;
  hitLength = altLength;
  return alt;
}

const NO_BREAKS = { count: 0, lastEnd: -1 };

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
  const s = (compiled ??= scanner(compile(allTokens)));
  const list = s.list;
  const tokens: IToken[] = [];
  const groups: Record<string, IToken[]> = { comments: [] };
  const errors: ILexingError[] = [];
  let offset = 0;
  let line = 1;
  let column = 1;
  while (offset < text.length) {
    const matcher = longestFirst(s, text, offset);
    if (matcher === undefined) {
      const start = offset;
      do offset++;
      while (offset < text.length && !list.some((m) => matchAt(m, text, offset) !== -1));
      errors.push({ offset: start, line, column, length: offset - start, message: `unexpected character at offset ${start}` });
      column += offset - start;
      continue;
    }
    const length = hitLength;
    if (matcher.group !== undefined) {
      const image = text.substring(offset, offset + length);
      const token: IToken = {
        image, startOffset: offset, endOffset: offset + length - 1,
        startLine: line, endLine: line, startColumn: column, endColumn: column + length - 1,
        tokenTypeIdx: matcher.type.tokenTypeIdx!, tokenType: matcher.type,
      };
      (matcher.group === "tokens" ? tokens : (groups[matcher.group] ??= [])).push(token);
    }
    const breaks = matcher.lineBreaks ? lineBreaks(text.substring(offset, offset + length)) : NO_BREAKS;
    if (breaks.count === 0) column += length;
    else {
      line += breaks.count;
      column = length - breaks.lastEnd;
    }
    offset += length;
  }
  return { tokens, groups, errors };
}
