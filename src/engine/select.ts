// Which scenarios a run takes: `--tag` (any of the tags), `--grep` (a
// pattern over titles), `--shard I/N` (a stable split of the corpus across
// machines). A scenario left out is not run and its golden entry is neither
// judged nor called obsolete. The shard of a scenario depends only on its
// file's path (relative to the working directory, `/`-separated) and its
// title, so adding a scenario never moves another one to another shard.
import { relative, resolve, sep } from "node:path";
import type { Span } from "../syntax/ast.js";

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export interface Selection {
  /** A scenario is taken when it has at least one of these tags (none: every scenario). */
  tags: string[];
  /** Matched against titles (none: every title). */
  grep?: RegExp;
  shard?: Shard;
}

/** What the selection reads of a scenario. */
export interface Candidate {
  title: string;
  tags: readonly string[];
}

/** A scenario `--tag` or `--grep` left out: not run, its golden not judged. */
export interface SkippedScenario {
  title: string;
  span: Span;
  tags: string[];
  /** Why: `no tag of userptr`, `title does not match /pin/`. */
  reason: string;
}

export const SELECT_ALL: Selection = { tags: [] };

/** Whether the selection leaves any scenario out. */
export function isFiltered(sel: Selection): boolean {
  return sel.tags.length > 0 || sel.grep !== undefined || sel.shard !== undefined;
}

/** 32-bit FNV-1a of a string's UTF-16 code units: small, fast and the same on every machine. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The path a shard assignment reads: relative to the working directory, with `/` separators. */
export function shardPath(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, resolve(cwd, path));
  return sep === "/" ? rel : rel.split(sep).join("/");
}

/** The 1-based shard of a scenario among `count`. */
export function shardOf(path: string, title: string, count: number): number {
  return (fnv1a(`${shardPath(path)}\u0000${title}`) % count) + 1;
}

/** Why a scenario is left out, or undefined when the selection takes it. */
export function leftOutBy(sel: Selection, path: string, sc: Candidate): string | undefined {
  if (sel.tags.length > 0 && !sc.tags.some((t) => sel.tags.includes(t))) return `no tag of ${sel.tags.join(", ")}`;
  if (sel.grep !== undefined && !testPattern(sel.grep, sc.title)) return `title does not match /${sel.grep.source}/`;
  if (sel.shard !== undefined && shardOf(path, sc.title, sel.shard.count) !== sel.shard.index) return `in another shard than ${sel.shard.index}/${sel.shard.count}`;
  return undefined;
}

/** `RegExp.test` without the state a global or sticky pattern would carry between calls. */
function testPattern(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text);
}

/** Whether a scenario is left out only by its shard (another machine runs it) rather than by --tag or --grep. */
export function onlyOtherShard(sel: Selection, path: string, sc: Candidate): boolean {
  const withoutShard: Selection = { ...sel };
  delete withoutShard.shard;
  return leftOutBy(withoutShard, path, sc) === undefined && leftOutBy(sel, path, sc) !== undefined;
}
