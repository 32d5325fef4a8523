// The one CST→AST visitor: all meaning the syntax carries (numbers, string
// escapes, outcomes, operators, spans) is given here. It never throws on a
// tree that error recovery left incomplete: a node without the tokens it needs
// is dropped or filled best-effort, and the parse diagnostics say why.
import type { CstNode, IToken } from "chevrotain";
import type * as Cst from "../../grammar/cst.js";
import { scnParser, type ScnParser } from "../../grammar/parser.js";
import { numberValue, UnterminatedString } from "../../grammar/tokens.js";
import { diag } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type * as Ast from "./ast.js";
import { isReal, joinSpans, nodeSpan, tokenSpan } from "./span.js";

const compareOps = new Set<string>(["==", "!=", "<", "<=", ">", ">=", "has", "lacks"]);

/** `"a \"b\" \\c"` → `a "b" \c`; an unterminated string loses only its opening quote. */
export function unescapeString(token: IToken): string {
  return unescapeBody(token.tokenType === UnterminatedString ? token.image.slice(1) : token.image.slice(1, -1));
}

/** A string's text between its quotes, unescaped: `\"` and `\\` stand for themselves, any other escape stays as written. */
export function unescapeBody(body: string): string {
  if (!body.includes("\\")) return body;
  return body.replace(/\\([^])/g, (escape, c: string) => (c === '"' || c === "\\" ? c : escape));
}

function ident(token: IToken | undefined): Ast.Ident | undefined {
  return isReal(token) ? { kind: "ident", name: token.image, span: tokenSpan(token) } : undefined;
}

function numberLit(token: IToken): Ast.NumberLit {
  return { kind: "number", value: numberValue(token.image) ?? NaN, text: token.image, span: tokenSpan(token) };
}

/** The first token read from the text, children in key order (an operator node holds one). */
function firstReal(c: Cst.OperatorCstChildren): IToken | undefined {
  const children = c as Record<string, IToken[]>;
  for (const key in children) {
    for (const token of children[key]!) if (isReal(token)) return token;
  }
  return undefined;
}

function defined<T>(items: (T | undefined)[]): T[] {
  return items.filter((item): item is T => item !== undefined);
}

function first<T>(nodes: T[] | undefined): T | undefined {
  return nodes?.[0];
}

/** Build the visitor class on first use: its base class comes from the parser, which is itself built lazily. */
function createAstBuilderClass(parser: ScnParser) {
  const Base = parser.getBaseCstVisitorConstructor();
  return class AstBuilder extends Base {
    readonly diagnostics: Diagnostic[] = [];

    constructor(private readonly fileSpan: Ast.Span) {
      super();
    }

    file(c: Cst.FileCstChildren): Ast.ScnFile {
      const scenarios = defined((c.scenario ?? []).map((n) => this.scenario(n.children, n)));
      return { kind: "file", scenarios, span: this.fileSpan };
    }

    scenario(c: Cst.ScenarioCstChildren, node?: CstNode): Ast.Scenario | undefined {
      const titleLine = first(c.titleLine);
      const title = titleLine && this.titleLine(titleLine.children);
      const span = node && nodeSpan(node);
      if (title === undefined || span === undefined) return undefined;
      const tags = first(c.tagsLine);
      const kernelLine = first(c.kernelLine);
      const kernel = kernelLine && this.kernelLine(kernelLine.children, kernelLine);
      return {
        kind: "scenario",
        title: title.title,
        titleSpan: title.span,
        ...(kernel ? { kernel } : {}),
        tags: tags ? this.tagsLine(tags.children) : [],
        actors: (c.actorsBlock ?? []).flatMap((n) => this.actorsBlock(n.children)),
        steps: (c.stepsBlock ?? []).flatMap((n) => this.stepsBlock(n.children)),
        expects: defined((c.expectBlock ?? []).map((n) => this.expectBlock(n.children, n))),
        span,
      };
    }

    /** The title, unescaped; its span is the keyword's where recovery left no string. */
    titleLine(c: Cst.TitleLineCstChildren): { title: string; span: Ast.Span } | undefined {
      const keyword = first(c.Scenario);
      const title = first(c.StringLiteral);
      if (isReal(title)) return { title: unescapeString(title), span: tokenSpan(title) };
      return isReal(keyword) ? { title: "", span: tokenSpan(keyword) } : undefined;
    }

    kernelLine(c: Cst.KernelLineCstChildren, node?: CstNode): Ast.KernelDecl | undefined {
      const profile = first(c.Profile);
      const span = node && nodeSpan(node);
      if (!isReal(profile) || span === undefined) return undefined;
      const knobs = defined((c.knob ?? []).map((n) => this.knob(n.children)));
      return { kind: "kernel", profile: profile.image, profileSpan: tokenSpan(profile), knobs, span };
    }

    knob(c: Cst.KnobCstChildren): Ast.Knob | undefined {
      const key = ident(first(c.key));
      const token = first(c.value);
      if (key === undefined || !isReal(token)) return undefined;
      const value = /^[0-9]/.test(token.image) ? numberLit(token) : ident(token)!;
      return { kind: "knob", key, value, span: joinSpans(key.span, value.span) };
    }

    tagsLine(c: Cst.TagsLineCstChildren): Ast.Ident[] {
      return defined((c.tag ?? []).map(ident));
    }

    actorsBlock(c: Cst.ActorsBlockCstChildren): Ast.ActorDecl[] {
      return defined((c.actorDecl ?? []).map((n) => this.actorDecl(n.children)));
    }

    actorDecl(c: Cst.ActorDeclCstChildren): Ast.ActorDecl | undefined {
      const name = ident(first(c.name));
      const actorKind = ident(first(c.actorKind));
      if (name === undefined || actorKind === undefined) return undefined;
      return { kind: "actor", name, actorKind, span: joinSpans(name.span, actorKind.span) };
    }

    stepsBlock(c: Cst.StepsBlockCstChildren): Ast.Step[] {
      for (const n of c.parallelBlock ?? []) this.parallelBlock(n.children);
      return defined((c.step ?? []).map((n) => this.step(n.children, n)));
    }

    step(c: Cst.StepCstChildren, node?: CstNode): Ast.Step | undefined {
      const subject = ident(first(c.subject));
      const verb = ident(first(c.verb));
      const span = node && nodeSpan(node);
      if (subject === undefined || verb === undefined || span === undefined) return undefined;
      const words = defined((c.word ?? []).map((n) => this.word(n.children)));
      const as = first(c.asClause);
      const by = first(c.byClause);
      const outcome = first(c.outcome);
      const asName = as && this.asClause(as.children);
      const byName = by && this.byClause(by.children);
      const result = outcome && this.outcome(outcome.children, outcome);
      return {
        kind: "step", subject, verb, words,
        ...(asName ? { as: asName } : {}),
        ...(byName ? { by: byName } : {}),
        ...(result ? { outcome: result } : {}),
        span,
      };
    }

    word(c: Cst.WordCstChildren): Ast.Word | undefined {
      const names = defined((c.Identifier ?? []).map(ident));
      if (names.length > 1) return { kind: "flags", names, span: joinSpans(names[0]!.span, names[names.length - 1]!.span) };
      if (names.length === 1) return names[0];
      const number = first(c.NumberLiteral);
      if (isReal(number)) return numberLit(number);
      const string = first(c.StringLiteral);
      if (isReal(string)) return { kind: "string", value: unescapeString(string), span: tokenSpan(string) };
      return undefined;
    }

    asClause(c: Cst.AsClauseCstChildren): Ast.Ident | undefined {
      return ident(first(c.Identifier));
    }

    byClause(c: Cst.ByClauseCstChildren): Ast.Ident | undefined {
      return ident(first(c.Identifier));
    }

    outcome(c: Cst.OutcomeCstChildren, node?: CstNode): Ast.Outcome | undefined {
      const atoms = defined((c.outcomeAtom ?? []).map((n) => this.outcomeAtom(n.children)));
      const span = node && nodeSpan(node);
      if (span === undefined) return undefined;
      if (isReal(first(c.One))) return { kind: "oneOf", atoms, span };
      return atoms[0];
    }

    outcomeAtom(c: Cst.OutcomeAtomCstChildren): Ast.OutcomeAtom | undefined {
      const ok = first(c.Ok);
      if (isReal(ok)) return { kind: "ok", span: tokenSpan(ok) };
      const none = first(c.None);
      if (isReal(none)) return { kind: "none", span: tokenSpan(none) };
      const word = first(c.Identifier);
      if (isReal(word)) return { kind: "word", name: word.image, span: tokenSpan(word) };
      return undefined;
    }

    parallelBlock(c: Cst.ParallelBlockCstChildren): void {
      const keyword = first(c.Parallel);
      if (isReal(keyword)) this.diagnostics.push(diag("parallelPlanned", tokenSpan(keyword), [keyword.image]));
    }

    /** Threads are parsed so that `parallel` is one diagnostic, not a cascade; they mean nothing yet. */
    threadBlock(_c: Cst.ThreadBlockCstChildren): void {}

    expectBlock(c: Cst.ExpectBlockCstChildren, node?: CstNode): Ast.ExpectBlock | undefined {
      const span = node && nodeSpan(node);
      if (span === undefined) return undefined;
      const quantifier: Ast.Quantifier = isReal(first(c.Never)) ? "never" : isReal(first(c.Sometimes)) ? "sometimes" : "always";
      const predicates = defined((c.predicate ?? []).map((n) => this.predicate(n.children)));
      return { kind: "expect", quantifier, predicates, span };
    }

    predicate(c: Cst.PredicateCstChildren): Ast.Predicate | undefined {
      const hazards = first(c.hazardsCount);
      if (hazards) return this.hazardsCount(hazards.children, hazards);
      const hazard = first(c.hazardOn);
      if (hazard) return this.hazardOn(hazard.children);
      const comparison = first(c.comparison);
      return comparison && this.comparison(comparison.children, comparison);
    }

    hazardsCount(c: Cst.HazardsCountCstChildren, node?: CstNode): Ast.Predicate | undefined {
      const op = this.operator(first(c.operator)?.children);
      const none = first(c.None);
      const count = first(c.NumberLiteral);
      const right = isReal(none) ? ({ kind: "none", span: tokenSpan(none) } as const) : isReal(count) ? numberLit(count) : undefined;
      const span = node && nodeSpan(node);
      if (op === undefined || right === undefined || span === undefined) return undefined;
      return { kind: "hazards", op: op.op, opSpan: op.span, right, span };
    }

    hazardOn(c: Cst.HazardOnCstChildren): Ast.Predicate | undefined {
      const keyword = first(c.Hazard);
      const hazard = ident(first(c.hazardKind));
      const on = ident(first(c.object));
      if (!isReal(keyword) || hazard === undefined || on === undefined) return undefined;
      return { kind: "hazard", hazard, on, span: joinSpans(tokenSpan(keyword), on.span) };
    }

    comparison(c: Cst.ComparisonCstChildren, node?: CstNode): Ast.Predicate | undefined {
      const left = first(c.path);
      const path = left && this.path(left.children);
      const op = this.operator(first(c.operator)?.children);
      const value = first(c.value);
      const right = value && this.value(value.children);
      const span = node && nodeSpan(node);
      if (path === undefined || op === undefined || right === undefined || span === undefined) return undefined;
      return { kind: "compare", left: path, op: op.op, opSpan: op.span, right, span };
    }

    path(c: Cst.PathCstChildren): Ast.Path | undefined {
      const [root, ...fields] = defined((c.Identifier ?? []).map(ident));
      if (root === undefined) return undefined;
      const last = fields[fields.length - 1] ?? root;
      return { kind: "path", root, fields, span: joinSpans(root.span, last.span) };
    }

    operator(c: Cst.OperatorCstChildren | undefined): { op: Ast.CompareOp; span: Ast.Span } | undefined {
      const token = c && firstReal(c);
      if (token === undefined || !compareOps.has(token.image)) return undefined;
      return { op: token.image as Ast.CompareOp, span: tokenSpan(token) };
    }

    value(c: Cst.ValueCstChildren): Ast.Value | undefined {
      const path = first(c.path);
      if (path) return this.path(path.children);
      const number = first(c.NumberLiteral);
      if (isReal(number)) return numberLit(number);
      const string = first(c.StringLiteral);
      if (isReal(string)) return { kind: "string", value: unescapeString(string), span: tokenSpan(string) };
      const none = first(c.None);
      if (isReal(none)) return { kind: "none", span: tokenSpan(none) };
      const ok = first(c.Ok);
      return isReal(ok) ? { kind: "ok", span: tokenSpan(ok) } : undefined;
    }
  };
}

type AstBuilderClass = ReturnType<typeof createAstBuilderClass>;
let builderClass: AstBuilderClass | undefined;

/** A fresh visitor (it collects its own diagnostics); `parser` defaults to the production one. */
export function createAstBuilder(fileSpan: Ast.Span, parser?: ScnParser): InstanceType<AstBuilderClass> {
  if (parser !== undefined) return new (createAstBuilderClass(parser))(fileSpan);
  builderClass ??= createAstBuilderClass(scnParser());
  return new builderClass(fileSpan);
}

/** The AST of a parsed file and what the visitor itself found to report (`parallel`). */
export function cstToAst(cst: Cst.FileCstNode, fileSpan: Ast.Span): { file: Ast.ScnFile; diagnostics: Diagnostic[] } {
  const builder = createAstBuilder(fileSpan);
  return { file: builder.file(cst.children), diagnostics: builder.diagnostics };
}
