// What the parser says it expected when it stops, in a user's words: token
// labels (`a newline`, `"}"`) and named constructs, never chevrotain's token
// type names. Each function returns only the "expected" part; the parse
// façade adds what was found and turns it into a coded diagnostic.
import { EOF, tokenLabel, tokenMatcher, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import { Colon, Comma, Dot, Identifier, NewLine, RBrace } from "./tokens.js";

/** Rules whose alternatives read better as one named construct than as a list of tokens. */
const constructs: Record<string, string> = {
  predicate: "an expectation (PATH OP VALUE, `hazards == none` or `hazard KIND on NAME`)",
  operator: "an operator (==, !=, <, <=, >, >=, has, lacks)",
  outcome: "an outcome (ok, none, an errno, a name, or `one of { … }`)",
  outcomeAtom: "ok, none, an errno or a name",
  knob: "a knob value (a name or a number)",
  value: "a value (a name, a path, a number, a string, none or ok)",
  hazardsCount: "none or a number",
  kernelLine: "a knob (KEY=VALUE)",
  tagsLine: "a tag",
};

/** `a`, `a or b`, `a, b or c`. */
export function oneOf(words: readonly string[]): string {
  const unique = [...new Set(words)];
  if (unique.length <= 1) return unique[0] ?? "something else";
  return `${unique.slice(0, -1).join(", ")} or ${unique[unique.length - 1]}`;
}

function firstTokens(paths: TokenType[][]): string[] {
  return paths.filter((path) => path.length > 0).map((path) => tokenLabel(path[0]!));
}

/** Blocks whose items each start on a new line: a token after a complete item wants a newline before it. */
const lineBlocks = new Set(["actorsBlock", "stepsBlock", "expectBlock"]);

/** What a name is for, where the rule and the token before say it. */
function nameRole(ruleName: string, previous: TokenType): string | undefined {
  if (ruleName === "step" && previous === Identifier) return "a verb";
  if (ruleName === "actorDecl" && previous === Colon) return "an actor kind (amdgpu, i915, rdma, process, …)";
  if (ruleName === "path" && previous === Dot) return "a field name";
  return undefined;
}

function expectedToken(expected: TokenType, actual: IToken, previous: IToken | undefined, ruleName: string): string {
  if (expected === EOF) return `"scenario"`;
  if (previous === undefined) return tokenLabel(expected);
  if (expected === Identifier) return nameRole(ruleName, previous.tokenType) ?? tokenLabel(expected);
  if (expected !== RBrace) return tokenLabel(expected);
  if (ruleName === "outcome" && previous.tokenType !== Comma) return `"," or "}"`;
  // After a complete item on the same line, what is missing is the line break.
  const sameLine = !tokenMatcher(actual, EOF) && previous.tokenType !== NewLine;
  return lineBlocks.has(ruleName) && sameLine ? "a newline" : tokenLabel(expected);
}

export const expectedMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual, previous, ruleName }) => expectedToken(expected, actual, previous, ruleName),
  // Only the top rule can leave input behind, and what it loops over is scenarios.
  buildNotAllInputParsedMessage: () => `"scenario"`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, ruleName }) =>
    constructs[ruleName] ?? oneOf(expectedPathsPerAlt.flatMap(firstTokens)),
  buildEarlyExitMessage: ({ expectedIterationPaths, ruleName }) =>
    constructs[ruleName] ?? oneOf(firstTokens(expectedIterationPaths)),
};
