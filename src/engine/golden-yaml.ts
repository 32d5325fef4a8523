// The canonical YAML text of golden files. Goldens are always written in this
// one form (block style, two-space indent, keys in the snapshot's own order,
// strings quoted only where YAML would read them as something else), so a
// golden that holds the current state is byte-identical to what this module
// emits and can be judged without loading a YAML parser at all.
import type { SnapshotValue } from "./types.js";

/** One entry of a golden file: a scenario title and its snapshot. */
export interface GoldenEntry {
  title: string;
  value: SnapshotValue;
}

/** Words every YAML reader takes for null, a boolean or a number (YAML 1.2 core and 1.1). */
const RESERVED =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$/;

/** Characters escaped inside double quotes beyond what JSON escapes. */
const UNSAFE_IN_QUOTES = /[\u007f-\u009f\u2028\u2029\ufeff]/g;

/**
 * Text a plain (unquoted) scalar may hold: words of safe characters separated
 * by single spaces, /^[A-Za-z0-9_\/(][A-Za-z0-9_.\/()+=<>@-]*(?: [A-Za-z0-9_.\/()+=<>@-]+)*$/,
 * checked by `isPlain` without a regex. By code: 2 may start a word and
 * follow in it, 1 may only follow.
 */
const PLAIN_CHARS = (() => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c);
    if (/[A-Za-z0-9_\/(]/.test(ch)) t[c] = 2;
    else if (/[.)+=<>@-]/.test(ch)) t[c] = 1;
  }
  return t;
})();

/** Whether `s` is plain text: safe characters, single spaces between words, none at either end. */
function isPlain(s: string): boolean {
  const n = s.length;
  if (n === 0 || s.charCodeAt(0) >= 128 || PLAIN_CHARS[s.charCodeAt(0)] !== 2) return false;
  for (let i = 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      const next = s.charCodeAt(i + 1);
      if (i + 1 === n || next === 32) return false;
    } else if (c >= 128 || PLAIN_CHARS[c] === 0) return false;
  }
  return true;
}

/** Only words starting with one of these can be RESERVED (among plain ones). */
const MAYBE_RESERVED = /^[nNtTfFyYoO0-9]/;

/** A string as a YAML scalar: plain where that reads back as the same string, else double-quoted. */
export function yamlString(s: string): string {
  if (isPlain(s) && !(MAYBE_RESERVED.test(s) && RESERVED.test(s))) return s;
  const quoted = JSON.stringify(s);
  return isAscii(quoted) ? quoted : quoted.replace(UNSAFE_IN_QUOTES, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** No character from U+007F up (the first that UNSAFE_IN_QUOTES can match). */
function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x7f) return false;
  return true;
}

/**
 * Snapshot keys and short values (labels, kinds, domains, flag names,
 * addresses) repeat across every object and scenario: their YAML form is
 * worked out once, in a table that starts again when it grows large.
 */
const forms = new Map<string, string>();

function yamlKey(key: string): string {
  let form = forms.get(key);
  if (form === undefined) {
    form = yamlString(key);
    if (forms.size > 4096) forms.clear();
    forms.set(key, form);
  }
  return form;
}

/** Strings up to this length go through the table; longer ones (event lines, messages) rarely repeat. */
const SHORT = 32;

function yamlNumber(n: number): string {
  if (Number.isNaN(n)) return ".nan";
  if (!Number.isFinite(n)) return n > 0 ? ".inf" : "-.inf";
  if (Object.is(n, -0)) return "0";
  return String(n);
}

function scalar(v: string | number | boolean | null): string {
  if (typeof v === "string") return v.length <= SHORT ? yamlKey(v) : yamlString(v);
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  return yamlNumber(v);
}

function isCollection(v: SnapshotValue): v is SnapshotValue[] | { [key: string]: SnapshotValue } {
  return typeof v === "object" && v !== null;
}

function isEmpty(v: SnapshotValue[] | { [key: string]: SnapshotValue }): boolean {
  if (Array.isArray(v)) return v.length === 0;
  for (const _ in v) return false;
  return true;
}

/**
 * Where canonical lines go: collected into text, or compared one by one with
 * an existing text (which then needs no rendering when it matches).
 */
interface Sink {
  line(text: string): void;
  /** A line made of a prefix and a rest, without concatenating them when that can be avoided. */
  pair(prefix: string, rest: string): void;
  /** `LEAD KEY:`, or `LEAD KEY: VALUE` when `value` is given. */
  keyed(lead: string, key: string, value?: string): void;
}

class Collect implements Sink {
  readonly lines: string[] = [];
  line(text: string): void {
    this.lines.push(text);
  }
  pair(prefix: string, rest: string): void {
    this.lines.push(prefix + rest);
  }
  keyed(lead: string, key: string, value?: string): void {
    this.lines.push(value === undefined ? `${lead}${key}:` : `${lead}${key}: ${value}`);
  }
}

/** Compares emitted lines with `text` from `pos`; `ok` turns false at the first difference. */
class Compare implements Sink {
  ok = true;
  constructor(
    private readonly text: string,
    public pos: number,
  ) {}
  private take(part: string): void {
    if (!this.ok) return;
    if (this.text.startsWith(part, this.pos)) this.pos += part.length;
    else this.ok = false;
  }
  private end(): void {
    if (this.ok && this.text.charCodeAt(this.pos) === 10) this.pos++;
    else this.ok = false;
  }
  line(text: string): void {
    this.take(text);
    this.end();
  }
  pair(prefix: string, rest: string): void {
    this.take(prefix);
    this.take(rest);
    this.end();
  }
  keyed(lead: string, key: string, value?: string): void {
    if (!this.ok) return;
    const t = this.text;
    let p = this.pos;
    if (!t.startsWith(lead, p) || !t.startsWith(key, (p += lead.length))) return this.fail();
    p += key.length;
    if (t.charCodeAt(p++) !== 58) return this.fail();
    if (value !== undefined) {
      if (t.charCodeAt(p++) !== 32 || !t.startsWith(value, p)) return this.fail();
      p += value.length;
    }
    if (t.charCodeAt(p) !== 10) return this.fail();
    this.pos = p + 1;
  }
  private fail(): void {
    this.ok = false;
  }
}

/**
 * `key: value` or `key:` followed by the nested block, at `indent`; the
 * first line starts with `first` instead (`- ` when the mapping is an item
 * of a sequence, which starts on the dash line).
 */
function mappingLines(v: { [key: string]: SnapshotValue }, indent: string, out: Sink, first = indent): void {
  let lead = first;
  for (const key in v) {
    const item = v[key]!;
    const k = yamlKey(key);
    if (isCollection(item) && !isEmpty(item)) {
      out.keyed(lead, k);
      // A sequence under a key sits at the key's own indent (the common YAML style).
      blockLines(item, Array.isArray(item) ? indent : deeper(indent), out);
    } else {
      out.keyed(lead, k, inline(item));
    }
    lead = indent;
  }
}

/** `- item` lines; a nested collection starts on the dash line. */
function sequenceLines(items: SnapshotValue[], indent: string, out: Sink, first = indent): void {
  const dash = dashAt(indent);
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const lead = i === 0 && first !== indent ? `${first}- ` : dash;
    if (isCollection(item) && !isEmpty(item)) blockLines(item, deeper(indent), out, lead);
    else out.pair(lead, inline(item));
  }
}

/** Indents (`indents[n]` is n levels) and their dash forms, made once: lines are compared piece by piece, and flat strings compare fastest. */
const indents: string[] = [];
const dashes: string[] = [];

function level(indent: string): number {
  return indent.length >> 1;
}

/** The indent one level below `indent` (indents are always whole levels of two spaces). */
function deeper(indent: string): string {
  const n = level(indent) + 1;
  while (indents.length <= n) indents.push("  ".repeat(indents.length));
  return indents[n]!;
}

/** `indent` followed by `- `. */
function dashAt(indent: string): string {
  const n = level(indent);
  while (dashes.length <= n) dashes.push(`${"  ".repeat(dashes.length)}- `);
  return dashes[n]!;
}

function blockLines(v: SnapshotValue[] | { [key: string]: SnapshotValue }, indent: string, out: Sink, first = indent): void {
  if (Array.isArray(v)) sequenceLines(v, indent, out, first);
  else mappingLines(v, indent, out, first);
}

/** A scalar or an empty collection on one line. */
function inline(v: SnapshotValue): string {
  if (Array.isArray(v)) return "[]";
  if (isCollection(v)) return "{}";
  return scalar(v);
}

/** The canonical YAML of one value as a document (ends with a newline). */
export function toYaml(v: SnapshotValue): string {
  if (!isCollection(v) || isEmpty(v)) return `${inline(v)}\n`;
  const out = new Collect();
  blockLines(v, "", out);
  return `${out.lines.join("\n")}\n`;
}

/** The header every golden file starts with; `scnName` is the base name of its `.scn` file. */
export function goldenHeader(scnName: string): string {
  const name = scnName.replace(/[\r\n]/g, "?");
  return (
    `# Golden state of ${name}: each scenario's final state, by title.\n` +
    `# Written by dmabuf-scn; to change it: dmabuf-scn run -u ${name}\n`
  );
}

/** The YAML of one golden entry: `"title":` and its snapshot below it. */
export function entryText(entry: GoldenEntry): string {
  const out = new Collect();
  mappingLines({ [entry.title]: entry.value }, "", out);
  return `${out.lines.join("\n")}\n`;
}

/** The whole text of a golden file holding `entries` in the given order. */
export function goldenText(scnName: string, entries: GoldenEntry[]): string {
  return goldenHeader(scnName) + (entries.length === 0 ? "{}\n" : entries.map(entryText).join(""));
}

/**
 * Whether `text` is exactly `goldenText(scnName, entries)`, found without
 * rendering it: the canonical lines are compared with the text as they are
 * produced, and the first difference stops the walk.
 */
export function matchesCanonical(text: string, scnName: string, entries: readonly GoldenEntry[]): boolean {
  const header = goldenHeader(scnName);
  if (!text.startsWith(header)) return false;
  if (entries.length === 0) return text.length === header.length + 3 && text.endsWith("{}\n");
  const cmp = new Compare(text, header.length);
  for (const e of entries) {
    // A computed key makes an own property even for `__proto__`.
    mappingLines({ [e.title]: e.value }, "", cmp);
    if (!cmp.ok) return false;
  }
  return cmp.pos === text.length;
}
