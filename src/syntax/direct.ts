// The direct reader: a well-formed .scn text straight to its AST, without
// tokens or a CST. It follows grammar/parser.ts rule for rule and scans the
// way grammar/scanner.ts does, but it knows no diagnostics: at the first thing
// it would have to report (a character no token matches, a malformed number,
// an unterminated string or unknown escape, a syntax error, `parallel`, a
// file without a scenario) it gives up, and parseScn takes the chevrotain
// path, which reports everything. The reader exists for speed: most files a
// run reads are well formed, and building a CST and walking it costs several
// times what the whole reading does here.
//
// Its contract, which test/syntax/direct.test.ts checks on the corpus and on
// random and mutated texts: whenever it returns an AST, the chevrotain path
// finds no diagnostic and builds an AST that is deep-equal, spans and key
// order included.
import { numberValue } from "../../grammar/tokens.js";
import type * as Ast from "./ast.js";

// Token kinds. Keywords are Word tokens whose `keyword` is set; `has` and
// `lacks` are plain words (the grammar's Identifier category holds them).
const EOF = 0;
const NL = 1;
const WORD = 2;
const PROFILE = 3;
const NUMBER = 4;
const STRING = 5;
const LBRACE = 6;
const RBRACE = 7;
const COLON = 8;
const COMMA = 9;
const DOT = 10;
const PIPE = 11;
const ARROW = 12;
const OP = 13; // == != < <= > >=
const EQUALS = 14;

/** The keywords of grammar/tokens.ts (all but `has` and `lacks`, which read as names). */
const KEYWORDS = new Set([
  "scenario", "kernel", "with", "tags", "actors", "steps", "expect", "always", "sometimes", "never",
  "as", "by", "one", "of", "hazards", "hazard", "on", "none", "ok", "parallel", "thread",
]);

/** Thrown at the first thing the reader does not accept; parseScn then takes the chevrotain path. */
class GiveUp {}
const GIVE_UP = new GiveUp();

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

class Reader {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  // The current token.
  private kind = EOF;
  private start = 0;
  private end = 0;
  private tokLine = 1;
  private tokColumn = 1;
  /** The keyword the current Word token is, if any. */
  private keyword: string | undefined;
  // The end of the last token read that is not a newline (a node's span ends there).
  private lastEndOffset = 0;
  private lastEndLine = 1;
  private lastEndColumn = 1;

  constructor(private readonly text: string) {
    this.scan();
  }

  // ---- scanning -------------------------------------------------------

  /** Read the next token into the current-token fields, skipping blanks and comments. */
  private scan(): void {
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

  private set(kind: number, start: number, end: number): void {
    this.kind = kind;
    this.start = start;
    this.end = end;
    this.tokLine = this.line;
    this.tokColumn = start - this.lineStart + 1;
    this.keyword = undefined;
    this.pos = end;
  }

  /** A name, a keyword, or a profile (`linux-6.12`, tried first as the lexer does). */
  private word(p: number): void {
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
  private string(p: number): void {
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

  private image(): string {
    return this.text.slice(this.start, this.end);
  }

  /** The current token's span (tokenSpan's shape), then the next token. */
  private take(): Ast.Span {
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
  private expect(kind: number): Ast.Span {
    if (this.kind !== kind || this.keyword !== undefined) throw GIVE_UP;
    return this.take();
  }

  private expectKeyword(word: string): Ast.Span {
    if (this.keyword !== word) throw GIVE_UP;
    return this.take();
  }

  private isName(): boolean {
    return this.kind === WORD && this.keyword === undefined;
  }

  private isKeyword(word: string): boolean {
    return this.keyword === word;
  }

  private newlines(): void {
    while (this.kind === NL) this.scan();
  }

  private ident(): Ast.Ident {
    if (!this.isName()) throw GIVE_UP;
    const name = this.image();
    return { kind: "ident", name, span: this.take() };
  }

  private numberLit(): Ast.NumberLit {
    const text = this.image();
    const value = numberValue(text);
    if (value === undefined) throw GIVE_UP;
    return { kind: "number", value, text, span: this.take() };
  }

  private stringValue(): string {
    const body = this.text.slice(this.start + 1, this.end - 1);
    return body.includes("\\") ? body.replace(/\\(["\\])/g, "$1") : body;
  }

  /** The span from `first` to the end of the last token taken (joinSpans' shape), as nodeSpan gives it. */
  private spanFrom(first: Ast.Span): Ast.Span {
    return {
      startOffset: first.startOffset,
      startLine: first.startLine,
      startColumn: first.startColumn,
      endOffset: this.lastEndOffset,
      endLine: this.lastEndLine,
      endColumn: this.lastEndColumn,
    };
  }

  // ---- the rules of grammar/parser.ts ---------------------------------

  file(): Ast.Scenario[] {
    this.newlines();
    const scenarios: Ast.Scenario[] = [];
    while (this.isKeyword("scenario")) scenarios.push(this.scenario());
    if (this.kind !== EOF || scenarios.length === 0) throw GIVE_UP;
    return scenarios;
  }

  /** The position after the last character: the file span's end. */
  endPoint(): { line: number; column: number } {
    return { line: this.line, column: this.text.length - this.lineStart + 1 };
  }

  private scenario(): Ast.Scenario {
    const first = this.expectKeyword("scenario");
    if (this.kind !== STRING) throw GIVE_UP;
    const title = this.stringValue();
    const titleSpan = this.take();
    this.lineEnd();
    const kernel = this.isKeyword("kernel") ? this.kernelLine() : undefined;
    const tags = this.isKeyword("tags") ? this.tagsLine() : [];
    const actors = this.actorsBlock();
    const steps = this.stepsBlock();
    const expects: Ast.ExpectBlock[] = [];
    while (this.isKeyword("expect")) expects.push(this.expectBlock());
    return {
      kind: "scenario",
      title,
      titleSpan,
      ...(kernel ? { kernel } : {}),
      tags,
      actors,
      steps,
      expects,
      span: this.spanFrom(first),
    };
  }

  /** NewLine, then any blank lines. */
  private lineEnd(): void {
    if (this.kind !== NL) throw GIVE_UP;
    this.newlines();
  }

  private kernelLine(): Ast.KernelDecl {
    const first = this.take();
    if (this.kind !== PROFILE) throw GIVE_UP;
    const profile = this.image();
    const profileSpan = this.take();
    const knobs: Ast.Knob[] = [];
    if (this.isKeyword("with")) {
      this.take();
      do knobs.push(this.knob());
      while (this.isName());
    }
    const span = this.spanFrom(first);
    this.lineEnd();
    return { kind: "kernel", profile, profileSpan, knobs, span };
  }

  private knob(): Ast.Knob {
    const key = this.ident();
    this.expect(EQUALS);
    let value: Ast.Ident | Ast.NumberLit;
    if (this.kind === NUMBER) value = this.numberLit();
    else if (this.kind === WORD) {
      const name = this.image();
      value = { kind: "ident", name, span: this.take() };
    } else throw GIVE_UP;
    return { kind: "knob", key, value, span: join(key.span, value.span) };
  }

  private tagsLine(): Ast.Ident[] {
    this.take();
    const tags: Ast.Ident[] = [];
    while (this.kind === WORD) {
      const name = this.image();
      tags.push({ kind: "ident", name, span: this.take() });
    }
    if (tags.length === 0) throw GIVE_UP;
    this.lineEnd();
    return tags;
  }

  /** `KEYWORD {`, then lines each holding at most one item, then `}` and any newlines. */
  private block<T>(keyword: string, item: () => T | undefined): T[] {
    this.expectKeyword(keyword);
    this.expect(LBRACE);
    const items: T[] = [];
    while (this.kind === NL) {
      this.scan();
      const it = item();
      if (it !== undefined) items.push(it);
    }
    this.expect(RBRACE);
    this.newlines();
    return items;
  }

  private actorsBlock(): Ast.ActorDecl[] {
    return this.block("actors", () => {
      if (!this.isName()) return undefined;
      const name = this.ident();
      this.expect(COLON);
      const actorKind = this.ident();
      return { kind: "actor", name, actorKind, span: join(name.span, actorKind.span) };
    });
  }

  private stepsBlock(): Ast.Step[] {
    // `parallel` is not an item here: the reader gives up at it, and the parser reports it.
    return this.block("steps", () => (this.isName() ? this.step() : undefined));
  }

  private step(): Ast.Step {
    const subject = this.ident();
    const verb = this.ident();
    const words: Ast.Word[] = [];
    for (;;) {
      if (this.isName()) words.push(this.nameWord());
      else if (this.kind === NUMBER) words.push(this.numberLit());
      else if (this.kind === STRING) {
        const value = this.stringValue();
        words.push({ kind: "string", value, span: this.take() });
      } else break;
    }
    let as: Ast.Ident | undefined;
    let by: Ast.Ident | undefined;
    if (this.isKeyword("as")) {
      this.take();
      as = this.ident();
      if (this.isKeyword("by")) {
        this.take();
        by = this.ident();
      }
    } else if (this.isKeyword("by")) {
      this.take();
      by = this.ident();
      if (this.isKeyword("as")) {
        this.take();
        as = this.ident();
      }
    }
    const outcome = this.kind === ARROW ? this.outcome() : undefined;
    return {
      kind: "step",
      subject,
      verb,
      words,
      ...(as ? { as } : {}),
      ...(by ? { by } : {}),
      ...(outcome ? { outcome } : {}),
      span: this.spanFrom(subject.span),
    };
  }

  /** A name, or `a|b|c` (a flag list). */
  private nameWord(): Ast.Word {
    const first = this.ident();
    if (this.kind !== PIPE) return first;
    const names = [first];
    while (this.kind === PIPE) {
      this.take();
      names.push(this.ident());
    }
    return { kind: "flags", names, span: join(first.span, names[names.length - 1]!.span) };
  }

  private outcome(): Ast.Outcome {
    const arrow = this.take();
    if (!this.isKeyword("one")) return this.outcomeAtom();
    this.take();
    this.expectKeyword("of");
    this.expect(LBRACE);
    const atoms = [this.outcomeAtom()];
    while (this.kind === COMMA) {
      this.take();
      atoms.push(this.outcomeAtom());
    }
    this.expect(RBRACE);
    return { kind: "oneOf", atoms, span: this.spanFrom(arrow) };
  }

  private outcomeAtom(): Ast.OutcomeAtom {
    if (this.isKeyword("ok")) return { kind: "ok", span: this.take() };
    if (this.isKeyword("none")) return { kind: "none", span: this.take() };
    if (!this.isName()) throw GIVE_UP;
    const name = this.image();
    return { kind: "word", name, span: this.take() };
  }

  private expectBlock(): Ast.ExpectBlock {
    const first = this.take();
    let quantifier: Ast.Quantifier = "always";
    if (this.isKeyword("always") || this.isKeyword("sometimes") || this.isKeyword("never")) {
      quantifier = this.keyword as Ast.Quantifier;
      this.take();
    }
    this.expect(LBRACE);
    const predicates: Ast.Predicate[] = [];
    while (this.kind === NL) {
      this.scan();
      if (this.isKeyword("hazards")) predicates.push(this.hazardsCount());
      else if (this.isKeyword("hazard")) predicates.push(this.hazardOn());
      else if (this.isName()) predicates.push(this.comparison());
    }
    this.expect(RBRACE);
    const span = this.spanFrom(first);
    this.newlines();
    return { kind: "expect", quantifier, predicates, span };
  }

  private hazardsCount(): Ast.Predicate {
    const first = this.take();
    const { op, opSpan } = this.operator();
    let right: Ast.NumberLit | { kind: "none"; span: Ast.Span };
    if (this.isKeyword("none")) right = { kind: "none", span: this.take() };
    else if (this.kind === NUMBER) right = this.numberLit();
    else throw GIVE_UP;
    return { kind: "hazards", op, opSpan, right, span: this.spanFrom(first) };
  }

  private hazardOn(): Ast.Predicate {
    const keyword = this.take();
    const hazard = this.ident();
    this.expectKeyword("on");
    const on = this.ident();
    return { kind: "hazard", hazard, on, span: join(keyword, on.span) };
  }

  private comparison(): Ast.Predicate {
    const left = this.path();
    const { op, opSpan } = this.operator();
    let right: Ast.Value;
    if (this.isName()) right = this.path();
    else if (this.kind === NUMBER) right = this.numberLit();
    else if (this.kind === STRING) {
      const value = this.stringValue();
      right = { kind: "string", value, span: this.take() };
    } else if (this.isKeyword("none")) right = { kind: "none", span: this.take() };
    else if (this.isKeyword("ok")) right = { kind: "ok", span: this.take() };
    else throw GIVE_UP;
    return { kind: "compare", left, op, opSpan, right, span: this.spanFrom(left.span) };
  }

  private path(): Ast.Path {
    const root = this.ident();
    const fields: Ast.Ident[] = [];
    while (this.kind === DOT) {
      this.take();
      fields.push(this.ident());
    }
    const last = fields.length > 0 ? fields[fields.length - 1]! : root;
    return { kind: "path", root, fields, span: join(root.span, last.span) };
  }

  private operator(): { op: Ast.CompareOp; opSpan: Ast.Span } {
    if (this.kind !== OP && !(this.kind === WORD && this.keyword === undefined && (this.isImage("has") || this.isImage("lacks")))) throw GIVE_UP;
    const op = this.image() as Ast.CompareOp;
    return { op, opSpan: this.take() };
  }

  private isImage(word: string): boolean {
    return this.end - this.start === word.length && this.text.startsWith(word, this.start);
  }
}

/** The smallest span covering `a` then `b` (joinSpans' shape). */
function join(a: Ast.Span, b: Ast.Span): Ast.Span {
  return {
    startOffset: a.startOffset,
    startLine: a.startLine,
    startColumn: a.startColumn,
    endOffset: b.endOffset,
    endLine: b.endLine,
    endColumn: b.endColumn,
  };
}

/** The AST of a well-formed text, or undefined where the chevrotain path has something to report. */
export function readWellFormed(text: string): Ast.ScnFile | undefined {
  try {
    const reader = new Reader(text);
    const scenarios = reader.file();
    const end = reader.endPoint();
    const span: Ast.Span = { startOffset: 0, endOffset: text.length, startLine: 1, startColumn: 1, endLine: end.line, endColumn: end.column };
    return { kind: "file", scenarios, span };
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}
