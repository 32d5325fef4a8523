// Every user-visible diagnostic, with its stable code. SCN1xxx: syntax;
// SCN2xxx: names, kinds and types (the checker); SCN3xxx: model coverage.
// A code is never reused for another meaning; test/diagnostics checks uniqueness.
import type { Severity } from "./diagnostic.js";

export interface CatalogueEntry {
  code: string;
  severity: Severity;
  /** What went wrong, in one line. `{0}`, `{1}` … are filled by `message()`. */
  text: string;
}

export const catalogue = {
  unexpectedCharacter: { code: "SCN1001", severity: "error", text: "unexpected character {0}" },
  unexpectedToken: { code: "SCN1002", severity: "error", text: "expected {0}, found {1}" },
  unterminatedString: { code: "SCN1003", severity: "error", text: "unterminated string: a string ends on the line it starts" },
  badNumber: { code: "SCN1004", severity: "error", text: "malformed number {0}: write decimal, hex (0x1000) or a size (4K, 2M, 1G)" },
  parallelPlanned: { code: "SCN1005", severity: "error", text: "`{0}` is planned but not in the language yet: steps run one after another" },
  noScenario: { code: "SCN1006", severity: "error", text: "no scenario in this input: a file starts with `scenario \"title\"`" },
  missingNewline: { code: "SCN1007", severity: "error", text: "one {0} per line: put a newline before {1}" },
  badEscape: { code: "SCN1008", severity: "error", text: "unknown escape {0} in a string: the escapes are \\\" (a quote) and \\\\ (a backslash)" },
  parserFailure: { code: "SCN1009", severity: "error", text: "internal error in the parser ({0}): this is a bug, please report it with the input" },

  unknownActorKind: { code: "SCN2001", severity: "error", text: "unknown actor kind `{0}`" },
  unknownActor: { code: "SCN2002", severity: "error", text: "unknown actor `{0}`: declare it in `actors {{ … }}`" },
  unknownVerb: { code: "SCN2003", severity: "error", text: "`{0}` is not a verb of a {1} actor" },
  unknownWord: { code: "SCN2004", severity: "error", text: "`{0}` does not fit `{1}`: {2}" },
  unboundName: { code: "SCN2005", severity: "error", text: "`{0}` is used before anything is bound to it" },
  boundTwice: { code: "SCN2006", severity: "error", text: "`{0}` is already bound at line {1}: bind each name once" },
  missingOperand: { code: "SCN2007", severity: "error", text: "`{0}` needs {1}" },
  wrongKind: { code: "SCN2008", severity: "error", text: "`{0}` is {1}, but `{2}` wants {3}" },
  unknownOutcome: { code: "SCN2009", severity: "error", text: "`{0}` is not an outcome: write ok, an errno (EFAULT), a signal (SIGBUS), none, or a bound name" },
  unknownField: { code: "SCN2010", severity: "error", text: "`{0}` has no field `{1}`" },
  duplicateTitle: { code: "SCN2011", severity: "error", text: "a scenario titled \"{0}\" already exists at line {1}: titles are unique within a file" },
  unknownProfile: { code: "SCN2012", severity: "error", text: "unknown kernel profile `{0}`" },
  unknownKnob: { code: "SCN2013", severity: "error", text: "unknown knob `{0}`" },
  duplicateActor: { code: "SCN2014", severity: "error", text: "actor `{0}` is already declared at line {1}" },
  needsProcess: { code: "SCN2015", severity: "error", text: "{0}" },
  missingAs: { code: "SCN2016", severity: "error", text: "`{0}` binds what it creates: add `as NAME`" },
  unexpectedAs: { code: "SCN2017", severity: "error", text: "`{0}` creates nothing to bind: remove `as {1}`" },
  badValue: { code: "SCN2018", severity: "error", text: "`{0}` is not a value for `{1}`: {2}" },
  unknownHazard: { code: "SCN2019", severity: "error", text: "unknown hazard kind `{0}`" },
  badOperator: { code: "SCN2020", severity: "error", text: "`{0}` does not apply to `{1}`: {2}" },
  duplicateWord: { code: "SCN2021", severity: "error", text: "`{0}` is given twice in one step" },
  mmapShape: { code: "SCN2022", severity: "error", text: "{0}" },
  badKnobValue: { code: "SCN2023", severity: "error", text: "`{0}` is not a value of knob `{1}`: {2}" },

  notModelledVerb: { code: "SCN3001", severity: "error", text: "`{0} {1}` is known but not modelled yet: the scenario cannot run" },
  notModelledProfile: { code: "SCN3002", severity: "error", text: "kernel profile `{0}` is known but not modelled yet: the model follows linux-6.12" },
  notModelledKnob: { code: "SCN3003", severity: "error", text: "knob `{0}` is known but not modelled yet" },
  singletonDevice: {
    code: "SCN3004", severity: "warning",
    text: "a kernel has one {0} device: `{1}` would be `{2}` again on a real kernel (another open of it), but the model runs it as a second device",
  },
} as const satisfies Record<string, CatalogueEntry>;

export type CatalogueKey = keyof typeof catalogue;

/** Fill a catalogue entry's `{n}` holes (`{{` and `}}` stand for braces). */
export function message(key: CatalogueKey, ...args: (string | number)[]): string {
  return catalogue[key].text
    .replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ""))
    .replace(/\{\{/g, "{")
    .replace(/\}\}/g, "}");
}

import type { Diagnostic } from "./diagnostic.js";
import type { Span } from "../syntax/ast.js";

/** Build a diagnostic from the catalogue. */
export function diag(key: CatalogueKey, span: Span, args: (string | number)[] = [], hint?: string): Diagnostic {
  const e = catalogue[key];
  const d: Diagnostic = { code: e.code, severity: e.severity, message: message(key, ...args), span };
  if (hint !== undefined) d.hint = hint;
  return d;
}
