// The scanner of the direct reader (direct.ts): the tokens of
// grammar/tokens.ts read the way grammar/scanner.ts applies them (a profile
// before a name, a keyword only when the whole name is one, greedy numbers),
// one token at a time and without token objects, and the token-level steps
// the reader's rules take (a token's span, an identifier, a number). Like the
// reader it reports nothing: at a character the lexer would report it throws
// GIVE_UP.
import { numberValue } from "../../grammar/tokens.js";
import { unescapeBody } from "./to-ast.js";
import type * as Ast from "./ast.js";

// Token kinds. Keywords are Word tokens whose `keyword` is set; `has` and
// `lacks` are plain words (the grammar's Identifier category holds them).
export const EOF = 0;
export const NL = 1;
export const WORD = 2;
export const PROFILE = 3;
export const NUMBER = 4;
export const STRING = 5;
export const LBRACE = 6;
export const RBRACE = 7;
export const COLON = 8;
export const COMMA = 9;
export const DOT = 10;
export const PIPE = 11;
export const ARROW = 12;
export const OP = 13; // == != < <= > >=
export const EQUALS = 14;

/** The keywords of grammar/tokens.ts (all but `has` and `lacks`, which read as names). */
const KEYWORDS = new Set([
  "scenario", "kernel", "with", "tags", "actors", "steps", "expect", "always", "sometimes", "never",
  "as", "by", "one", "of", "hazards", "hazard", "on", "none", "ok", "parallel", "thread",
]);

/** Thrown at the first thing the reader does not accept; parseScn then takes the chevrotain path. */
class GiveUp {}
export const GIVE_UP = new GiveUp();

/** By character code below 128: 1 starts a name, 2 may only continue one (digits and `-`). */
const NAME_CHARS = (() => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c);
    if (/[A-Za-z_]/.test(ch)) t[c] = 1;
    else if (/[0-9-]/.test(ch)) t[c] = 2;
  }
  return t;
})();

const isDigit = (c: number) => c >= 48 && c <= 57;
/** The rest of a NumberLiteral: `[0-9A-Za-z_]`. */
const isNumberChar = (c: number) => c < 128 && (isDigit(c) || (NAME_CHARS[c] === 1));

/** The scanner of the direct reader and the token-level steps its rules take. */
export class DirectScanner {
  protected pos = 0;
  protected line = 1;
  protected lineStart = 0;
  // The current token.
  protected kind = EOF;
  protected start = 0;
  protected end = 0;
  protected tokLine = 1;
  protected tokColumn = 1;
  /** The keyword the current Word token is, if any. */
  protected keyword: string | undefined;
  // The end of the last token read that is not a newline (a node's span ends there).
  protected lastEndOffset = 0;
  protected lastEndLine = 1;
  protected lastEndColumn = 1;

  constructor(protected readonly text: string) {
    this.scan();
  }

  // ---- scanning -------------------------------------------------------

  /** Read the next token into the current-token fields, skipping blanks and comments. */
  protected scan(): void {
    const text = this.text;
    const n = text.length;
    let p = this.pos;
    for (;;) {
      if (p >= n) return this.set(EOF, p, p);
      const c = text.charCodeAt(p);
      if (c === 32 || c === 9 || c === 12 || c === 11) {
        p++;
        continue;
      }
      if (c === 35) {
        // A comment runs to the end of its line.
        while (p < n && text.charCodeAt(p) !== 10 && text.charCodeAt(p) !== 13) p++;
        continue;
      }
      break;
    }
    const c = text.charCodeAt(p);
    if (c === 10 || c === 13) {
      const len = c === 13 && text.charCodeAt(p + 1) === 10 ? 2 : 1;
      this.set(NL, p, p + len);
      this.line++;
      this.lineStart = p + len;
      return;
    }
    if (c < 128 && NAME_CHARS[c] === 1) return this.word(p);
    if (isDigit(c)) {
      let e = p + 1;
      while (e < n && isNumberChar(text.charCodeAt(e))) e++;
      return this.set(NUMBER, p, e);
    }
    switch (c) {
      case 34: return this.string(p);
      case 123: return this.set(LBRACE, p, p + 1);
      case 125: return this.set(RBRACE, p, p + 1);
      case 58: return this.set(COLON, p, p + 1);
      case 44: return this.set(COMMA, p, p + 1);
      case 46: return this.set(DOT, p, p + 1);
      case 124: return this.set(PIPE, p, p + 1);
      case 61: {
        const next = text.charCodeAt(p + 1);
        if (next === 62) return this.set(ARROW, p, p + 2);
        if (next === 61) return this.set(OP, p, p + 2);
        return this.set(EQUALS, p, p + 1);
      }
      case 33:
        if (text.charCodeAt(p + 1) === 61) return this.set(OP, p, p + 2);
        throw GIVE_UP;
      case 60:
      case 62:
        return this.set(OP, p, text.charCodeAt(p + 1) === 61 ? p + 2 : p + 1);
    }
    throw GIVE_UP;
  }

  protected set(kind: number, start: number, end: number): void {
    this.kind = kind;
    this.start = start;
    this.end = end;
    this.tokLine = this.line;
    this.tokColumn = start - this.lineStart + 1;
    this.keyword = undefined;
    this.pos = end;
  }

  /** A name, a keyword, or a profile (`linux-6.12`, tried first as the lexer does). */
  protected word(p: number): void {
    const text = this.text;
    const n = text.length;
    let e = p + 1;
    while (e < n) {
      const c = text.charCodeAt(e);
      if (c >= 128 || NAME_CHARS[c] === 0) break;
      e++;
    }
    if (text.startsWith("linux-", p)) {
      let q = p + 6;
      const digits = q;
      while (q < n && isDigit(text.charCodeAt(q))) q++;
      if (q > digits && text.charCodeAt(q) === 46 && isDigit(text.charCodeAt(q + 1))) {
        q += 2;
        while (q < n && isDigit(text.charCodeAt(q))) q++;
        return this.set(PROFILE, p, q);
      }
    }
    this.set(WORD, p, e);
    if (e - p <= 9) {
      const image = text.slice(p, e);
      if (KEYWORDS.has(image)) this.keyword = image;
    }
  }

  /** A string that ends on its line and holds no escape but `\"` and `\\` (the others are reported). */
  protected string(p: number): void {
    const text = this.text;
    const n = text.length;
    let e = p + 1;
    for (;;) {
      if (e >= n) throw GIVE_UP;
      const c = text.charCodeAt(e);
      if (c === 34) break;
      if (c === 10 || c === 13) throw GIVE_UP;
      if (c === 92) {
        const next = text.charCodeAt(e + 1);
        if (next !== 34 && next !== 92) throw GIVE_UP;
        e += 2;
        continue;
      }
      e++;
    }
    this.set(STRING, p, e + 1);
  }

  // ---- tokens to nodes ------------------------------------------------

  protected image(): string {
    return this.text.slice(this.start, this.end);
  }

  /** The current token's span (tokenSpan's shape), then the next token. */
  protected take(): Ast.Span {
    const span: Ast.Span = {
      startOffset: this.start,
      endOffset: this.end,
      startLine: this.tokLine,
      startColumn: this.tokColumn,
      endLine: this.tokLine,
      endColumn: this.tokColumn + (this.end - this.start),
    };
    this.lastEndOffset = this.end;
    this.lastEndLine = this.tokLine;
    this.lastEndColumn = span.endColumn;
    this.scan();
    return span;
  }

  /** Take a token of `kind` (a Word that is no keyword, for WORD), or give up. */
  protected expect(kind: number): Ast.Span {
    if (this.kind !== kind || this.keyword !== undefined) throw GIVE_UP;
    return this.take();
  }

  protected expectKeyword(word: string): Ast.Span {
    if (this.keyword !== word) throw GIVE_UP;
    return this.take();
  }

  protected isName(): boolean {
    return this.kind === WORD && this.keyword === undefined;
  }

  protected isKeyword(word: string): boolean {
    return this.keyword === word;
  }

  protected newlines(): void {
    while (this.kind === NL) this.scan();
  }

  protected ident(): Ast.Ident {
    if (!this.isName()) throw GIVE_UP;
    const name = this.image();
    return { kind: "ident", name, span: this.take() };
  }

  protected numberLit(): Ast.NumberLit {
    const text = this.image();
    const value = numberValue(text);
    if (value === undefined) throw GIVE_UP;
    return { kind: "number", value, text, span: this.take() };
  }

  protected stringValue(): string {
    return unescapeBody(this.text.slice(this.start + 1, this.end - 1));
  }

  /** The span from `first` to the end of the last token taken (joinSpans' shape), as nodeSpan gives it. */
  protected spanFrom(first: Ast.Span): Ast.Span {
    return {
      startOffset: first.startOffset,
      startLine: first.startLine,
      startColumn: first.startColumn,
      endOffset: this.lastEndOffset,
      endLine: this.lastEndLine,
      endColumn: this.lastEndColumn,
    };
  }
}
