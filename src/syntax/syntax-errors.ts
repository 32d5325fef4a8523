// Parser errors as diagnostics: "expected X, found Y" in a user's words, or,
// where a block item is followed by the start of another on the same line,
// "one step per line". What was expected comes from grammar/messages.ts.
import { EOF, tokenMatcher, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import {
  Actors, As, By, Colon, Dot, EqEq, Expect, Greater, GreaterEq, Has, Hazard, Hazards, Identifier, Kernel, Keyword, Lacks, Less,
  LessEq, NewLine, NotEq, Scenario, Steps, StringLiteral, Tags,
} from "../../grammar/tokens.js";
import { diag } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "./ast.js";
import { quoteText } from "./lexical.js";
import { isReal, pointAt, tokenSpan } from "./span.js";

/** What the parser found, as a message says it. */
export function describeFound(token: IToken): string {
  if (!isReal(token) || tokenMatcher(token, EOF)) return "the end of the file";
  if (token.tokenType === NewLine) return "the end of the line";
  if (tokenMatcher(token, StringLiteral)) return `the string ${token.image.length > 32 ? `${token.image.slice(0, 30)}…` : token.image}`;
  return quoteText(token.image);
}

const operators = [EqEq, NotEq, Less, LessEq, Greater, GreaterEq, Has, Lacks];
const parts = [Kernel, Tags, Actors, Steps, Expect];
const isAny = (token: IToken | undefined, types: TokenType[]) => token !== undefined && types.some((t) => tokenMatcher(token, t));

/** How each line block's items start: a subject and a verb; a name and a colon; a path or a hazard keyword. */
const itemStarts: Record<string, { noun: string; starts: (first: IToken, second: IToken | undefined) => boolean }> = {
  stepsBlock: { noun: "step", starts: (a, b) => tokenMatcher(a, Identifier) && isAny(b, [Identifier]) },
  actorsBlock: { noun: "actor", starts: (a, b) => tokenMatcher(a, Identifier) && isAny(b, [Colon]) },
  expectBlock: {
    noun: "expectation",
    starts: (a, b) => isAny(a, [Hazards, Hazard]) || (tokenMatcher(a, Identifier) && isAny(b, [Dot, ...operators])),
  },
};

/** Where a diagnostic about `token` goes: the token, or just after the last token for the end of the file. */
function errorSpan(token: IToken, tokens: IToken[], text: string): Span {
  if (isReal(token) && !tokenMatcher(token, EOF)) return tokenSpan(token);
  for (let i = tokens.length - 1; i >= 0; i--) {
    const last = tokens[i]!;
    if (last.tokenType !== NewLine) return pointAt(text, (last.endOffset ?? last.startOffset) + 1);
  }
  return pointAt(text, 0);
}

/** At the top level, after a scenario, what may come is an expect block of it or another scenario. */
function expectedWords(error: IRecognitionException, tokens: IToken[]): string {
  if (error.message !== `"scenario"` || !isReal(error.token)) return error.message;
  const after = tokens.some((t) => t.tokenType === Scenario && t.startOffset < error.token.startOffset);
  return after ? `"expect" or "scenario"` : error.message;
}

/** One parser error as a diagnostic. */
export function syntaxDiagnostic(error: IRecognitionException, tokens: IToken[], text: string): Diagnostic {
  const token = error.token;
  const expected = expectedWords(error, tokens);
  const span = errorSpan(token, tokens, text);
  const block = error.context.ruleStack[error.context.ruleStack.length - 1] ?? "";
  const item = itemStarts[block];
  if (item !== undefined && error.message === "a newline" && isReal(token)) {
    const next = tokens[tokens.indexOf(token) + 1];
    if (item.starts(token, next)) return diag("missingNewline", span, [item.noun, describeFound(token)]);
  }
  return diag("unexpectedToken", span, [expected, describeFound(token)], hintFor(expected, token));
}

/** A hint where the mistake has a likely cause: `=` for `==`, quoted mail, parts out of order, a keyword used as a name. */
function hintFor(expected: string, token: IToken): string | undefined {
  if (!isReal(token)) return undefined;
  if (token.image === "=" && expected.startsWith("an operator")) return "did you mean `==`?";
  if (token.image === ">" && token.startColumn === 1) {
    return "a line starting with `>` is quoted mail: `dmabuf-scn run` finds the scenarios in a mail, a .scn file is not quoted";
  }
  if (isAny(token, parts) && /^"(kernel|tags|actors|steps|expect)"/.test(expected)) {
    return "a scenario's parts come in this order: kernel, tags, actors { }, steps { }, expect { }";
  }
  if ((tokenMatcher(token, As) || tokenMatcher(token, By)) && expected === "a newline") {
    return "a step takes at most one `as NAME` and one `by PROCESS`, both before `=>`";
  }
  if (tokenMatcher(token, Keyword) && /name|verb|newline/.test(expected)) return `\`${token.image}\` is a keyword of the language: it cannot be a name`;
  return undefined;
}
