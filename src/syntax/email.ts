// Finding scenarios in an email: text quoted with `> ` or `>> ` (nested
// quotes, `> >` too), lines a mail client re-wrapped (joined back only when
// the broken line could not stand on its own), replies interleaved with the
// quoted text (skipped), and the result block that follows a scenario.
// Each scenario found keeps its lines where they are in the mail, every other
// line blank, so that a diagnostic's line is the mail's line.

/** One line of the mail: its quote depth and its text without the quote markers. */
export interface MailLine {
  depth: number;
  text: string;
  /** The line as it is in the mail (trailing blanks and CR removed). */
  raw: string;
}

export interface FoundScenario {
  /** The scenario, unquoted, at its own lines; every other line of the mail is blank. */
  source: string;
  /** 1-based lines of the mail where it starts and ends. */
  firstLine: number;
  lastLine: number;
  depth: number;
  /** Mail lines a client had broken off, joined back onto the line above. */
  joined: number[];
  /** The result block after it, unquoted: its first line and its lines. */
  result?: { line: number; lines: string[] };
}

/** The width below which a mail client does not break a line. */
const MIN_WRAP = 60;
const QUOTE = /^[ \t]*((?:>[ \t]?)+)/;
const SCENARIO_START = /^\s*scenario\s+"/;
const HEADER_WORD = /^\s*(?:(?:scenario|kernel|tags|actors|steps|expect|parallel)\b|#|$)/;
const BLOCK_WORD = /^(?:actors|steps|expect)\b/;
const HEAD_WORD = /^(?:kernel|tags)\b/;
export const RESULT_START = /^\s*Result: /;

export function mailLines(text: string): MailLine[] {
  return text.split(/\r\n|\n|\r/).map((l) => {
    const raw = l.replace(/\s+$/, "");
    const m = QUOTE.exec(raw);
    if (!m) return { depth: 0, text: raw, raw };
    return { depth: (m[1]!.match(/>/g) ?? []).length, text: raw.slice(m[0].length), raw };
  });
}

/** `{` minus `}` outside strings and comments; whether a string is left open. */
function braces(text: string): { delta: number; openString: boolean } {
  let delta = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "#") break;
    else if (c === "{") delta++;
    else if (c === "}") delta--;
  }
  return { delta, openString: inString };
}

type BlockKind = "actors" | "steps" | "expect" | "other";

/** Whether `text` can stand as a line of its own where it is. */
function standsAlone(text: string, block: BlockKind | undefined, actors: Set<string>): boolean {
  const t = text.trim();
  if (t === "" || t.startsWith("#") || t.startsWith("}")) return true;
  if (block === undefined) return HEADER_WORD.test(t);
  if (block === "actors") return /^[A-Za-z_][\w-]*\s*:\s*[A-Za-z_][\w-]*\s*(?:}|#.*)?$/.test(t);
  if (block === "expect") return /^(?:hazards?\s|[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*\s*(?:==|!=|<=|>=|<|>|has\s|lacks\s))/.test(t);
  if (block === "steps") return /^(?:parallel|thread)\b/.test(t) || actors.has(t.split(/\s+/)[0]!);
  return true;
}

const firstWord = (text: string) => text.trim().split(/\s+/)[0] ?? "";

/** Scans one scenario from its `scenario` line, at one quote depth. */
class ScenarioScanner {
  private readonly out = new Map<number, string>();
  private readonly joined: number[] = [];
  private readonly actors = new Set<string>();
  private stack: BlockKind[] = [];
  /** A block has been opened: only further blocks can follow at the top level. */
  private opened = false;
  private last: number;

  constructor(
    private readonly lines: MailLine[],
    private readonly start: number,
  ) {
    this.last = start;
  }

  scan(): FoundScenario {
    const depth = this.lines[this.start]!.depth;
    let i = this.start;
    while (i < this.lines.length) {
      const next = this.take(i, depth);
      if (next === undefined) break;
      i = next;
    }
    const text = this.lines.map((_, n) => this.out.get(n) ?? "");
    return { source: text.join("\n"), firstLine: this.start + 1, lastLine: this.last + 1, depth, joined: this.joined };
  }

  /** Takes the line at `i` (with the lines it was broken into); the index to go on at, or undefined at the end. */
  private take(i: number, depth: number): number | undefined {
    const line = this.lines[i]!;
    if (line.depth !== depth) return this.stack.length > 0 || this.continues(i, depth) ? i + 1 : undefined;
    if (i > this.start && this.stack.length === 0 && SCENARIO_START.test(line.text)) return undefined;
    if (i > this.start && this.stack.length === 0 && !this.continues(i, depth)) return undefined;
    let text = line.text;
    let j = i + 1;
    for (let cont = this.continuation(text, j, depth); cont !== undefined; cont = this.continuation(text, j, depth)) {
      text = `${text} ${this.lines[cont]!.text.trim()}`;
      this.joined.push(cont + 1);
      j = cont + 1;
    }
    this.accept(i, text);
    return j;
  }

  /** At the top level between blocks: does the scenario go on at line `i` (replies at other depths skipped)? */
  private continues(i: number, depth: number): boolean {
    for (let k = i; k < this.lines.length; k++) {
      const t = this.lines[k]!.text.trim();
      if (this.lines[k]!.depth !== depth || t === "" || t.startsWith("#")) continue;
      return BLOCK_WORD.test(t) || (!this.opened && HEAD_WORD.test(t));
    }
    return false;
  }

  private accept(i: number, text: string): void {
    const t = text.trim();
    const block = this.stack[this.stack.length - 1];
    if (block === "actors") {
      const m = /^([A-Za-z_][\w-]*)\s*:/.exec(t);
      if (m) this.actors.add(m[1]!);
    }
    const { delta } = braces(text);
    if (delta > 0) {
      this.opened = true;
      const kind = firstWord(t);
      for (let n = 0; n < delta; n++) this.stack.push(kind === "actors" || kind === "steps" || kind === "expect" ? kind : "other");
    } else for (let n = 0; n < -delta; n++) this.stack.pop();
    this.out.set(i, text);
    if (t !== "") this.last = i;
  }

  /** The line that continues `text` (a client broke it before line `j`), if that is beyond doubt. */
  private continuation(text: string, j: number, depth: number): number | undefined {
    const next = this.lines[j];
    if (next === undefined || next.text.trim() === "") return undefined;
    if (braces(text).openString) return next.depth === depth ? j : undefined;
    const block = this.stack[this.stack.length - 1];
    if (standsAlone(next.text, block, this.actors)) return undefined;
    const raw = this.lines[j - 1]!.raw;
    if (raw.length + 1 + firstWord(next.text).length <= MIN_WRAP) return undefined;
    if (next.depth === depth) return /^\S/.test(next.text) ? j : undefined;
    const after = this.lines[j + 1];
    return after !== undefined && after.depth === depth && next.depth < depth ? j : undefined;
  }
}

/** The result block that starts at or after line `i` at `depth` (blank lines before it allowed). */
function resultAfter(lines: MailLine[], i: number, depth: number): FoundScenario["result"] {
  let k = i;
  while (k < lines.length && lines[k]!.depth === depth && lines[k]!.text.trim() === "") k++;
  if (k >= lines.length || lines[k]!.depth !== depth || !RESULT_START.test(lines[k]!.text)) return undefined;
  const start = k;
  const out: string[] = [];
  for (; k < lines.length && lines[k]!.text.trim() !== ""; k++) {
    if (lines[k]!.depth === depth) out.push(lines[k]!.text);
  }
  return { line: start + 1, lines: out };
}

/** Every scenario in a mail, in order, each with the result block that follows it. */
export function findScenarios(mail: string): FoundScenario[] {
  const lines = mailLines(mail);
  const found: FoundScenario[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!SCENARIO_START.test(lines[i]!.text)) continue;
    const s = new ScenarioScanner(lines, i).scan();
    const result = resultAfter(lines, s.lastLine, s.depth);
    if (result) s.result = result;
    found.push(s);
    i = Math.max(i, s.lastLine - 1);
  }
  return found;
}

/** Whether a text is mail rather than a bare .scn: quoted lines, or a result block. */
export function isMailText(text: string): boolean {
  return mailLines(text).some((l) => l.depth > 0 || RESULT_START.test(l.text));
}
