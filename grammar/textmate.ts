// The TextMate grammar of .scn (grammar/scn.tmLanguage.json, scope
// source.scn), built from the vocabulary in tokens.ts so that editors colour
// exactly the words the parser treats as keywords. test/grammar/textmate.test.ts
// checks the JSON file against this builder and the colouring of the whole
// corpus against the scanner; regenerate with
//   UPDATE_GRAMMAR=1 npx vitest run test/grammar/textmate.test.ts
import { allTokens, Keyword, Has, Lacks } from "./tokens.js";

/** What may neither precede nor follow a word: identifiers run on through `-`. */
const WORD_START = "(?<![A-Za-z0-9_-])";
const WORD_END = "(?![A-Za-z0-9_-])";

export interface TmRule {
  name: string;
  match: string;
}

export interface TmGrammar {
  $schema: string;
  name: string;
  scopeName: string;
  fileTypes: string[];
  patterns: { include: string }[];
  repository: Record<string, TmRule>;
}

/** The keywords of tokens.ts, in lexing order (a keyword before its prefixes). */
export function keywords(): string[] {
  return allTokens.filter((t) => t.CATEGORIES?.includes(Keyword) && t !== Keyword).map((t) => (t.PATTERN as RegExp).source);
}

/** The rules in the order an editor tries them at one position. */
export function textmateGrammar(): TmGrammar {
  const words = (list: string[]) => `${WORD_START}(?:${list.join("|")})${WORD_END}`;
  const repository: Record<string, TmRule> = {
    comment: { name: "comment.line.number-sign.scn", match: "#.*$" },
    string: { name: "string.quoted.double.scn", match: '"(?:[^"\\\\]|\\\\.)*(?:"|$)' },
    profile: { name: "constant.other.profile.scn", match: `${WORD_START}linux-[0-9]+\\.[0-9]+${WORD_END}` },
    keyword: { name: "keyword.control.scn", match: words(keywords()) },
    operator: { name: "keyword.operator.scn", match: `=>|==|!=|<=|>=|<|>|${words([(Has.PATTERN as RegExp).source, (Lacks.PATTERN as RegExp).source])}` },
    // Errno and signal names by the kernel's spelling; the checker knows which exist.
    errno: { name: "constant.language.errno.scn", match: `${WORD_START}(?:E[A-Z][A-Z0-9]*|E2BIG|SIG[A-Z]+)${WORD_END}` },
    number: { name: "constant.numeric.scn", match: `${WORD_START}[0-9][0-9A-Za-z_]*` },
    punctuation: { name: "punctuation.separator.scn", match: "[{}:,.|=]" },
  };
  return {
    $schema: "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
    name: "dmabuf-scn",
    scopeName: "source.scn",
    fileTypes: ["scn"],
    patterns: Object.keys(repository).map((k) => ({ include: `#${k}` })),
    repository,
  };
}

/** The JSON file's text. */
export function textmateJson(): string {
  return `${JSON.stringify(textmateGrammar(), null, 2)}\n`;
}
