// The pretty reporter's text for golden verdicts: a mismatch shows the
// object-level paths that differ, then the coloured unified diff (− red,
// + green); writes, updates, obsolete titles and obsolete golden files are
// one line each.
import { formatChange, type GoldenChange } from "../engine/golden-compare.js";
import type { GoldenVerdict } from "../engine/golden.js";
import type { Palette } from "./colors.js";
import type { ObsoleteGoldenFile } from "./reporter.js";

/** How many changed paths are listed before `… and N more`. */
const MAX_CHANGES = 12;

const INDENT = "      ";

export function changeLines(changes: GoldenChange[]): string[] {
  const shown = changes.slice(0, MAX_CHANGES).map((c) => `${INDENT}${formatChange(c)}`);
  if (changes.length > MAX_CHANGES) shown.push(`${INDENT}… and ${changes.length - MAX_CHANGES} more`);
  return shown;
}

/** A unified diff with its lines coloured by kind. */
export function diffLines(diff: string, p: Palette): string[] {
  return diff
    .replace(/\n$/, "")
    .split("\n")
    .map((l) => {
      if (l.startsWith("---") || l.startsWith("+++")) return `${INDENT}${p.bold(l)}`;
      if (l.startsWith("@@")) return `${INDENT}${p.hunk(l)}`;
      if (l.startsWith("-")) return `${INDENT}${p.removed(l)}`;
      if (l.startsWith("+")) return `${INDENT}${p.added(l)}`;
      return `${INDENT}${l}`;
    });
}

/** Lines under a scenario for the golden verdict that concerns it (nothing for a match). */
export function goldenScenarioLines(v: GoldenVerdict, p: Palette): string[] {
  switch (v.kind) {
    case "match":
    case "obsolete":
      return [];
    case "mismatch":
      return [
        `    ${p.fail("golden differs")}: ${v.file}`,
        ...changeLines(v.changes),
        ...diffLines(v.diff, p),
        `      ${p.dim("run with -u to accept the new state")}`,
      ];
    case "updated":
      return [`    ${p.warn("golden updated")}: ${v.file}`, ...changeLines(v.changes)];
    case "missing-written":
      return [`    ${p.dim(`golden written: ${v.file}`)}`];
    case "missing-ci":
      return [`    ${p.fail("golden missing")}: ${v.file} has no entry for this scenario; CI is set, so none was written (run locally or with -u to write it)`];
    case "error":
      return [`    ${p.fail("golden not judged")}: ${v.file} (see below)`];
  }
}

/** File-level golden lines: a golden file that could not be read or written; obsolete titles. */
export function goldenFileLines(goldens: GoldenVerdict[], p: Palette): string[] {
  const lines: string[] = [];
  for (const v of goldens) {
    if (v.kind === "error") lines.push(`  ${p.fail("golden error")}: ${v.message}`);
    if (v.kind !== "obsolete") continue;
    const list = v.titles.map((t) => JSON.stringify(t)).join(", ");
    const n = v.titles.length === 1 ? "1 title" : `${v.titles.length} titles`;
    if (v.removed) lines.push(`  ${p.warn("golden")} ${v.file}: removed ${n} no scenario has any more: ${list}`);
    else lines.push(`  ${p.warn("golden")} ${v.file} holds ${n} no scenario has any more: ${list} (run with --prune to remove)`);
  }
  return lines;
}

/** A golden file whose `.scn` file is gone. */
export function obsoleteFileLine(f: ObsoleteGoldenFile, p: Palette): string {
  const scn = f.file.replace(/\.golden\.yaml$/, ".scn");
  if (f.error !== undefined) return `${p.fail("golden error")}: cannot remove ${f.file}: ${f.error}`;
  if (f.removed) return `${p.warn("golden")} ${f.file}: removed, ${scn} is gone`;
  return `${p.warn("golden")} ${f.file} belongs to no scenario file: ${scn} is gone (run with --prune to remove)`;
}
