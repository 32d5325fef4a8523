// The vocabulary of the .scn language: every token type and its human label
// (what a diagnostic calls it). grammar/scanner.ts tokenizes with them.
//
// Order matters: the lexer (scanner.ts, like chevrotain's Lexer) tries the
// token types in `allTokens` order and the first pattern that matches wins
// (not the longest). So:
// - NewLine, WhiteSpace and Comment come first: they are the most frequent.
// - Profile (`linux-6.12`) comes before Identifier, or `linux-6` would be read
//   as a name followed by `.12`.
// - Keywords come before Identifier and each has `longer_alt: Identifier`, so
//   `asx` or `steps-2` is one identifier, not a keyword followed by a tail.
//   A keyword that is a prefix of another keyword comes after it (`one`
//   before `on`, `hazards` before `hazard`): the first match wins, and the
//   longer_alt would turn `one` into an identifier, never into `one`.
// - Keywords belong to the category Keyword, which tags and knob values
//   accept (`tags thread lookup`, `move-notify=on`). `has` and `lacks` are not
//   keywords but identifiers (category Identifier) with their own token types,
//   only so that the operator position can ask for them.
// - NumberLiteral is greedy (`[0-9][0-9A-Za-z_]*`): `2Mx` and `12abc` are one
//   malformed number reported as such, never a number and a name.
// - Multi-character punctuation precedes its prefixes (`=>` and `==` before
//   `=`, `<=` before `<`, `>=` before `>`).
// - A string that does not end on its line is an UnterminatedString, which
//   the parser still accepts as a string so that one mistake is one error.
// Every token but NewLine says `line_breaks: false`, which spares
// chevrotain's Lexer (the reference in tests) a regex analysis per pattern.
import { createToken, Lexer, type ITokenConfig, type TokenType } from "chevrotain";

/** A token type that never contains a line break. */
function token(config: ITokenConfig): TokenType {
  return createToken({ line_breaks: false, ...config });
}

export const NewLine = createToken({ name: "NewLine", label: "a newline", pattern: /\r\n|\n|\r/, line_breaks: true });
export const WhiteSpace = token({ name: "WhiteSpace", pattern: /[ \t\f\v]+/, group: Lexer.SKIPPED });
export const Comment = token({ name: "Comment", pattern: /#[^\r\n]*/, group: "comments" });

export const Identifier = token({ name: "Identifier", label: "a name", pattern: /[A-Za-z_][A-Za-z0-9_-]*/ });
export const Profile = token({
  name: "Profile",
  label: "a kernel profile (linux-MAJOR.MINOR)",
  pattern: /linux-[0-9]+\.[0-9]+/,
});

/** The category of every keyword, for the places that take any word (tags, knob values). */
export const Keyword = token({ name: "Keyword", label: "a keyword", pattern: Lexer.NA });

function keyword(word: string, categories: TokenType[] = [Keyword]): TokenType {
  const name = word[0]!.toUpperCase() + word.slice(1);
  return token({
    name,
    label: `"${word}"`,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories,
  });
}

export const Scenario = keyword("scenario");
export const Kernel = keyword("kernel");
export const With = keyword("with");
export const Tags = keyword("tags");
export const Actors = keyword("actors");
export const Steps = keyword("steps");
export const Expect = keyword("expect");
export const Always = keyword("always");
export const Sometimes = keyword("sometimes");
export const Never = keyword("never");
export const As = keyword("as");
export const By = keyword("by");
export const One = keyword("one");
export const Of = keyword("of");
export const Hazards = keyword("hazards");
export const Hazard = keyword("hazard");
export const On = keyword("on");
export const None = keyword("none");
export const Ok = keyword("ok");
export const Parallel = keyword("parallel");
export const Thread = keyword("thread");
export const Has = keyword("has", [Identifier]);
export const Lacks = keyword("lacks", [Identifier]);

export const NumberLiteral = token({ name: "NumberLiteral", label: "a number", pattern: /[0-9][0-9A-Za-z_]*/ });
export const StringLiteral = token({ name: "StringLiteral", label: "a string", pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/ });
export const UnterminatedString = token({
  name: "UnterminatedString",
  label: "a string",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
  categories: [StringLiteral],
});

export const LBrace = token({ name: "LBrace", label: '"{"', pattern: /\{/ });
export const RBrace = token({ name: "RBrace", label: '"}"', pattern: /\}/ });
export const Colon = token({ name: "Colon", label: '":"', pattern: /:/ });
export const Comma = token({ name: "Comma", label: '","', pattern: /,/ });
export const Dot = token({ name: "Dot", label: '"."', pattern: /\./ });
export const Pipe = token({ name: "Pipe", label: '"|"', pattern: /\|/ });
export const Arrow = token({ name: "Arrow", label: '"=>"', pattern: /=>/ });
export const EqEq = token({ name: "EqEq", label: '"=="', pattern: /==/ });
export const NotEq = token({ name: "NotEq", label: '"!="', pattern: /!=/ });
export const Equals = token({ name: "Equals", label: '"="', pattern: /=/ });
export const LessEq = token({ name: "LessEq", label: '"<="', pattern: /<=/ });
export const GreaterEq = token({ name: "GreaterEq", label: '">="', pattern: />=/ });
export const Less = token({ name: "Less", label: '"<"', pattern: /</ });
export const Greater = token({ name: "Greater", label: '">"', pattern: />/ });

/** Every token type, in lexing order (see the header comment). */
export const allTokens: TokenType[] = [
  NewLine, WhiteSpace, Comment,
  Profile,
  Scenario, Kernel, With, Tags, Actors, Steps, Expect, Always, Sometimes, Never,
  As, By, One, Of, Hazards, Hazard, On, None, Ok, Parallel, Thread, Has, Lacks,
  Identifier, Keyword,
  NumberLiteral, StringLiteral, UnterminatedString,
  LBrace, RBrace, Colon, Comma, Dot, Pipe,
  Arrow, EqEq, NotEq, Equals, LessEq, GreaterEq, Less, Greater,
];

/**
 * chevrotain's own Lexer over this vocabulary, with its definition checks on:
 * the reference that grammar/scanner.ts is tested against. Production code
 * tokenizes with the scanner, which skips this Lexer's start-up analysis.
 */
export function referenceLexer(): Lexer {
  return new Lexer(allTokens, { positionTracking: "full", ensureOptimizations: false, skipValidations: false });
}

const validNumber = /^(?:0x[0-9A-Fa-f]+|[0-9]+[KMG]?)$/;
const sizeShift: Record<string, number> = { K: 10, M: 20, G: 30 };

/** The value of a Number token's text (`4K` = 4096, `0x1000` = 4096), or undefined if malformed or too large. */
export function numberValue(text: string): number | undefined {
  if (!validNumber.test(text)) return undefined;
  let value: number;
  if (text.startsWith("0x")) value = parseInt(text.slice(2), 16);
  else {
    const suffix = text[text.length - 1]!;
    const shift = sizeShift[suffix];
    value = shift === undefined ? parseInt(text, 10) : parseInt(text.slice(0, -1), 10) * 2 ** shift;
  }
  return Number.isSafeInteger(value) ? value : undefined;
}
