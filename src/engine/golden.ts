// Golden files: the canonical final state of every scenario of a `.scn` file,
// kept beside it as `<name>.golden.yaml` (a mapping from scenario title to
// snapshot, titles in file order). `judgeGoldens` compares a run with its
// golden file and, as the mode allows, writes missing entries or updates
// differing ones. Text from stdin, a mail, or any path not ending in `.scn`
// has no golden.
import { basename } from "node:path";
import type { FileResult } from "./types.js";
import { goldenChanges, sameValue, type GoldenChange } from "./golden-compare.js";
import { entryText, goldenText, matchesCanonical, type GoldenEntry } from "./golden-yaml.js";
import { goldenPathFor, ioMessage, parseGolden, readIfExists, unifiedDiff, writeFileAtomic } from "./golden-io.js";

export type { GoldenChange } from "./golden-compare.js";

export interface GoldenMode {
  /** `-u`: rewrite differing and missing entries (under CI too). */
  update: boolean;
  /** CI is set: a missing golden fails and nothing is written (unless `update` or `prune`). */
  ci: boolean;
  /** `--prune`: remove entries no scenario of the file has any more. */
  prune?: boolean;
}

/** What a run covered of a file: every title it has, selected or not (a filtered run judges only some). */
export interface GoldenScope {
  /** Every scenario title of the `.scn` file, in file order; by default the titles of the result's scenarios. */
  titles?: readonly string[];
}

/** `file` is the golden file's path, derived from the `.scn` path as given. */
export type GoldenVerdict =
  | { kind: "match"; file: string; title: string }
  | { kind: "mismatch"; file: string; title: string; diff: string; changes: GoldenChange[] }
  | { kind: "updated"; file: string; title: string; diff: string; changes: GoldenChange[] }
  | { kind: "missing-written"; file: string; title: string }
  | { kind: "missing-ci"; file: string; title: string }
  /** Titles in the golden file that no scenario of the `.scn` file has any more (removed with `--prune`). */
  | { kind: "obsolete"; file: string; titles: string[]; removed: boolean }
  /** The golden file could not be read, parsed or written; `titles` are the scenarios it leaves unjudged. */
  | { kind: "error"; file: string; titles: string[]; message: string };

/** Whether a verdict fails its scenario (or, for file-level verdicts, the run). */
export function goldenFailed(v: GoldenVerdict): boolean {
  return v.kind === "mismatch" || v.kind === "missing-ci" || v.kind === "error";
}

/** Whether a file's result has goldens at all. */
export function hasGolden(result: FileResult): boolean {
  return (
    result.path.endsWith(".scn") &&
    result.scenarios.length > 0 &&
    !result.diagnostics.some((d) => d.severity === "error")
  );
}

/**
 * Judge every scenario of `result` against its golden file; writes only as
 * `mode` allows. Titles of `scope` that `result` did not run keep their
 * entries untouched and are never obsolete.
 */
export async function judgeGoldens(result: FileResult, mode: GoldenMode, scope: GoldenScope = {}): Promise<GoldenVerdict[]> {
  if (!hasGolden(result)) return [];
  const file = goldenPathFor(result.path);
  const scnName = basename(result.path);
  const actual: GoldenEntry[] = result.scenarios.map((s) => ({ title: s.title, value: s.snapshot }));
  const titles = actual.map((e) => e.title);
  const allTitles = scope.titles ?? titles;
  let text: string | null;
  try {
    text = readIfExists(file);
  } catch (e) {
    return [{ kind: "error", file, titles, message: `cannot read ${file}: ${ioMessage(e)}` }];
  }
  const whole = allTitles.length === titles.length;
  if (whole && text !== null && matchesCanonical(text, scnName, actual)) return titles.map((title) => ({ kind: "match", file, title }));
  let expected: GoldenEntry[] = [];
  if (text !== null) {
    const parsed = await parseGolden(text);
    if ("error" in parsed) {
      if (!mode.update) return [{ kind: "error", file, titles, message: `${file} is not a golden file: ${parsed.error}; run with -u to rewrite it` }];
    } else {
      expected = parsed.entries;
    }
  }
  return judgeEntries({ file, scnName, text, expected, actual, allTitles, mode });
}

interface Judgement {
  file: string;
  scnName: string;
  /** The golden file's current text, `null` when there is none. */
  text: string | null;
  expected: GoldenEntry[];
  actual: GoldenEntry[];
  /** Every title of the `.scn` file, in file order. */
  allTitles: readonly string[];
  mode: GoldenMode;
}

/** Compare entry by entry, then write the new golden text when anything is to be written. */
async function judgeEntries(j: Judgement): Promise<GoldenVerdict[]> {
  const { file, mode } = j;
  const old = new Map(j.expected.map((e) => [e.title, e.value]));
  const ran = new Map(j.actual.map((a) => [a.title, a]));
  const verdicts: GoldenVerdict[] = [];
  const next: GoldenEntry[] = [];
  for (const title of j.allTitles) {
    const a = ran.get(title);
    const before = old.has(title) ? { title, value: old.get(title)! } : undefined;
    if (a === undefined) {
      if (before) next.push(before);
      continue;
    }
    const v = await judgeOne(file, before, a, mode);
    verdicts.push(v);
    if (v.kind === "updated" || v.kind === "missing-written") next.push(a);
    else if (before) next.push(before);
  }
  const known = new Set(j.allTitles);
  const obsolete = j.expected.filter((e) => !known.has(e.title));
  const prune = mode.prune === true;
  if (obsolete.length > 0) {
    verdicts.push({ kind: "obsolete", file, titles: obsolete.map((e) => e.title), removed: prune });
    if (!prune) next.push(...obsolete);
  }
  const newText = goldenText(j.scnName, next);
  const writes = verdicts.some((v) => v.kind === "updated" || v.kind === "missing-written");
  const mustWrite = writes || (prune && obsolete.length > 0) || (mode.update && j.text !== null);
  if (!mustWrite || newText === j.text) return verdicts;
  try {
    writeFileAtomic(file, newText);
    return verdicts;
  } catch (e) {
    return unwritten(verdicts, file, e);
  }
}

/** The verdict for one scenario; `expected` is its golden entry, if the golden file has one. */
async function judgeOne(file: string, expected: GoldenEntry | undefined, actual: GoldenEntry, mode: GoldenMode): Promise<GoldenVerdict> {
  const title = actual.title;
  if (expected === undefined) return mode.ci && !mode.update ? { kind: "missing-ci", file, title } : { kind: "missing-written", file, title };
  if (sameValue(expected.value, actual.value)) return { kind: "match", file, title };
  const diff = await unifiedDiff(entryText(expected), entryText(actual), file);
  const changes = goldenChanges(expected.value, actual.value);
  return { kind: mode.update ? "updated" : "mismatch", file, title, diff, changes };
}

/** After a failed write, the entries that were to be written are reported as not judged. */
function unwritten(verdicts: GoldenVerdict[], file: string, e: unknown): GoldenVerdict[] {
  const lost = verdicts.filter((v) => v.kind === "updated" || v.kind === "missing-written").map((v) => ("title" in v ? v.title : ""));
  const kept = verdicts
    .filter((v) => v.kind !== "updated" && v.kind !== "missing-written")
    .map((v): GoldenVerdict => (v.kind === "obsolete" ? { ...v, removed: false } : v));
  return [...kept, { kind: "error", file, titles: lost, message: `cannot write ${file}: ${ioMessage(e)}` }];
}
