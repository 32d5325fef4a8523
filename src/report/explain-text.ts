// Small text helpers `explain` shares: a snapshot's objects, a field value
// as text, and lines wrapped at 78 columns.
import type { Snapshot, SnapshotValue } from "../engine/types.js";
import { LINE_WIDTH } from "../syntax/format.js";

export type Obj = { [key: string]: SnapshotValue };

export function objectsOf(state: Snapshot): Record<string, Obj> {
  return (state.objects ?? {}) as Record<string, Obj>;
}

export function show(v: SnapshotValue | undefined): string {
  if (v === undefined) return "absent";
  if (v === null) return "none";
  if (Array.isArray(v)) return v.join("|") || "{}";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** `text` broken into lines of at most 78 columns at spaces, its indentation kept; continuation lines get `indent`. */
export function wrap(text: string, indent: string): string[] {
  const lead = /^ */.exec(text)![0];
  const lines: string[] = [];
  let cur = lead;
  for (const word of text.slice(lead.length).split(" ")) {
    if (cur.trim() !== "" && word !== "" && cur.length + 1 + word.length > LINE_WIDTH) {
      lines.push(cur);
      cur = indent + word;
    } else cur = cur.trim() === "" ? cur + word : `${cur} ${word}`;
  }
  lines.push(cur);
  return lines;
}
