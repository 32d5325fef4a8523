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
import type * as Ast from "./ast.js";
import {
  ARROW, COLON, COMMA, DOT, DirectScanner, EOF, EQUALS, GIVE_UP, LBRACE, NL, NUMBER, OP, PIPE, PROFILE, RBRACE, STRING, WORD,
} from "./direct-scan.js";

class Reader extends DirectScanner {
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
    if (this.kind !== OP && !(this.isName() && (this.isImage("has") || this.isImage("lacks")))) throw GIVE_UP;
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
