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

/** Text a plain (unquoted) scalar may hold: words of safe characters separated by single spaces. */
const PLAIN = /^[A-Za-z0-9_\/(][A-Za-z0-9_.\/()+=<>@-]*(?: [A-Za-z0-9_.\/()+=<>@-]+)*$/;

/** Characters escaped inside double quotes beyond what JSON escapes. */
const UNSAFE_IN_QUOTES = /[\u007f-\u009f\u2028\u2029\ufeff]/g;

/** A string as a YAML scalar: plain where that reads back as the same string, else double-quoted. */
export function yamlString(s: string): string {
  if (PLAIN.test(s) && !RESERVED.test(s)) return s;
  return JSON.stringify(s).replace(UNSAFE_IN_QUOTES, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Snapshot keys repeat across every object and scenario: their YAML form is worked out once. */
const keyForms = new Map<string, string>();

function yamlKey(key: string): string {
  let form = keyForms.get(key);
  if (form === undefined) {
    form = yamlString(key);
    if (keyForms.size > 4096) keyForms.clear();
    keyForms.set(key, form);
  }
  return form;
}

function yamlNumber(n: number): string {
  if (Number.isNaN(n)) return ".nan";
  if (!Number.isFinite(n)) return n > 0 ? ".inf" : "-.inf";
  if (Object.is(n, -0)) return "0";
  return String(n);
}

function scalar(v: string | number | boolean | null): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return yamlNumber(v);
  return yamlString(v);
}

function isCollection(v: SnapshotValue): v is SnapshotValue[] | { [key: string]: SnapshotValue } {
  return typeof v === "object" && v !== null;
}

function isEmpty(v: SnapshotValue[] | { [key: string]: SnapshotValue }): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
}

/**
 * Where canonical lines go: collected into text, or compared one by one with
 * an existing text (which then needs no rendering when it matches).
 */
interface Sink {
  line(text: string): void;
  /** A line made of a prefix and a rest, without concatenating them when that can be avoided. */
  pair(prefix: string, rest: string): void;
}

class Collect implements Sink {
  readonly lines: string[] = [];
  line(text: string): void {
    this.lines.push(text);
  }
  pair(prefix: string, rest: string): void {
    this.lines.push(prefix + rest);
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
}

/** `key: value` or `key:` followed by the nested block, at `indent`. */
function mappingLines(v: { [key: string]: SnapshotValue }, indent: string, out: Sink): void {
  for (const key in v) {
    const item = v[key]!;
    const k = `${indent}${yamlKey(key)}:`;
    if (isCollection(item) && !isEmpty(item)) {
      out.line(k);
      // A sequence under a key sits at the key's own indent (the common YAML style).
      blockLines(item, Array.isArray(item) ? indent : `${indent}  `, out);
    } else {
      out.pair(`${k} `, inline(item));
    }
  }
}

/** `- item` lines; a nested collection starts on the dash line. */
function sequenceLines(items: SnapshotValue[], indent: string, out: Sink): void {
  for (const item of items) {
    if (isCollection(item) && !isEmpty(item)) {
      const nested = new Collect();
      blockLines(item, `${indent}  `, nested);
      out.pair(`${indent}- `, nested.lines[0]!.slice(indent.length + 2));
      for (let i = 1; i < nested.lines.length; i++) out.line(nested.lines[i]!);
    } else {
      out.pair(`${indent}- `, inline(item));
    }
  }
}

function blockLines(v: SnapshotValue[] | { [key: string]: SnapshotValue }, indent: string, out: Sink): void {
  if (Array.isArray(v)) sequenceLines(v, indent, out);
  else mappingLines(v, indent, out);
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
