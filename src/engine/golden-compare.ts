// Comparing a golden snapshot with the state a run produced: equality, and
// the object-level paths that differ (`objects.D.refs: 3 → 4`), which the
// report prints above the text diff.
import type { SnapshotValue } from "./types.js";
import { yamlString } from "./golden-yaml.js";

/** One difference between the golden and the actual state, at a path inside the snapshot. */
export interface GoldenChange {
  /** `objects.D.refs`, `events[3]`, `objects["a b"]`. */
  path: string;
  /** Absent when the path is new in the actual state. */
  expected?: SnapshotValue;
  /** Absent when the path is gone from the actual state. */
  actual?: SnapshotValue;
}

type Mapping = { [key: string]: SnapshotValue };

function isMapping(v: SnapshotValue | undefined): v is Mapping {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Deep equality; mapping keys compare as a set (YAML mappings have no order), sequences in order. */
export function sameValue(a: SnapshotValue, b: SnapshotValue): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameValue(x, b[i]!));
  }
  if (!isMapping(a) || !isMapping(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameValue(a[k]!, b[k]!));
}

function keyPath(parent: string, key: string): string {
  const seg = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (parent === "" || seg.startsWith("[")) return `${parent}${seg}`;
  return `${parent}.${seg}`;
}

function walk(expected: SnapshotValue | undefined, actual: SnapshotValue | undefined, path: string, out: GoldenChange[]): void {
  if (expected !== undefined && actual !== undefined && sameValue(expected, actual)) return;
  if (isMapping(expected) && isMapping(actual)) {
    for (const k of Object.keys(expected)) walk(expected[k], Object.hasOwn(actual, k) ? actual[k] : undefined, keyPath(path, k), out);
    for (const k of Object.keys(actual)) if (!Object.hasOwn(expected, k)) walk(undefined, actual[k], keyPath(path, k), out);
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const n = Math.max(expected.length, actual.length);
    for (let i = 0; i < n; i++) walk(expected[i], actual[i], `${path}[${i}]`, out);
    return;
  }
  const change: GoldenChange = { path: path === "" ? "(the whole state)" : path };
  if (expected !== undefined) change.expected = expected;
  if (actual !== undefined) change.actual = actual;
  out.push(change);
}

/** The leaf paths where `expected` and `actual` differ, in the golden's order then the new paths. */
export function goldenChanges(expected: SnapshotValue, actual: SnapshotValue): GoldenChange[] {
  const out: GoldenChange[] = [];
  walk(expected, actual, "", out);
  return out;
}

/** A value on one line, YAML flow style, cut at `max` characters. */
export function flowValue(v: SnapshotValue, max = 60): string {
  const text = flow(v);
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function flow(v: SnapshotValue): string {
  if (v === null) return "null";
  if (typeof v === "string") return yamlString(v);
  if (typeof v !== "object") return String(v);
  if (Array.isArray(v)) return `[${v.map(flow).join(", ")}]`;
  return `{${Object.entries(v).map(([k, x]) => `${yamlString(k)}: ${flow(x)}`).join(", ")}}`;
}

/** `objects.D.refs: 3 → 4`; a path only on one side shows `(absent)` on the other. */
export function formatChange(c: GoldenChange): string {
  const before = c.expected === undefined ? "(absent)" : flowValue(c.expected);
  const after = c.actual === undefined ? "(absent)" : flowValue(c.actual);
  return `${c.path}: ${before} → ${after}`;
}
