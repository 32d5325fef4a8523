// Golden files on disk: reading and parsing one (the YAML parser is loaded
// only when the text is not already the canonical form), writing one
// atomically, and the unified diff between a golden entry and the actual one.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { GoldenEntry } from "./golden-yaml.js";

/** The golden file of a `.scn` file: `x.scn` → `x.golden.yaml`, beside it. */
export function goldenPathFor(scnPath: string): string {
  return `${scnPath.slice(0, -".scn".length)}.golden.yaml`;
}

/** The file's text, `null` when it does not exist; other failures throw (the caller reports them). */
export function readIfExists(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

type YamlModule = typeof import("yaml");

/** The YAML parser, loaded on first use. A CommonJS package: bundled, its exports sit on `default`. */
async function loadYaml(): Promise<YamlModule> {
  const mod = (await import("yaml")) as YamlModule & { default?: YamlModule };
  return typeof mod.parseDocument === "function" ? mod : mod.default!;
}

/** Parse a golden file into its entries, in file order, or say why it cannot be read. */
export async function parseGolden(text: string): Promise<{ entries: GoldenEntry[] } | { error: string }> {
  const YAML = await loadYaml();
  const doc = YAML.parseDocument(text, { prettyErrors: false });
  const first = doc.errors[0];
  if (first !== undefined) return { error: first.message.split("\n")[0]! };
  const top = doc.contents;
  if (top === null) return { entries: [] };
  if (!YAML.isMap(top)) return { error: "the file is not a mapping from scenario title to state" };
  const entries: GoldenEntry[] = [];
  for (const pair of top.items) {
    if (!YAML.isScalar(pair.key)) return { error: "a key at the top level is not a scenario title" };
    const value = YAML.isNode(pair.value) ? (pair.value.toJS(doc) as GoldenEntry["value"]) : null;
    entries.push({ title: String(pair.key.value), value });
  }
  return { entries };
}

/** The file-system calls an atomic write makes; tests replace them to simulate a failure. */
export interface WriteOps {
  rename: (from: string, to: string) => void;
}

const defaultOps: WriteOps = { rename: renameSync };

/**
 * Write `text` to `path` so that a reader sees either the old file or the
 * whole new one: write a temporary file in the same directory, flush it,
 * then rename it over the target. On any failure the temporary file is
 * removed and the target is left as it was; the error is rethrown.
 */
export function writeFileAtomic(path: string, text: string, ops: WriteOps = defaultOps): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const fd = openSync(tmp, "w");
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    ops.rename(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // Nothing to clean up: the temporary file was never created.
    }
    throw e;
  }
}

/** A unified diff (`--- golden`, `+++ actual`, `@@` hunks) of two texts; empty when they are equal. */
export async function unifiedDiff(expected: string, actual: string, goldenName: string): Promise<string> {
  if (expected === actual) return "";
  const { structuredPatch } = await import("diff");
  const patch = structuredPatch(goldenName, "actual state", expected, actual, undefined, undefined, { context: 3 });
  const lines = [`--- ${goldenName}`, "+++ actual state"];
  for (const h of patch.hunks) {
    lines.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
    for (const l of h.lines) if (!l.startsWith("\\")) lines.push(l);
  }
  return `${lines.join("\n")}\n`;
}

/** A one-line description of a file-system error: `EACCES: permission denied`. */
export function ioMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code === "string") {
    const text = String(err.message ?? "").replace(/^[A-Z]+: /, "").replace(/, \w+ '.*'$/, "");
    return `${err.code}: ${text}`;
  }
  return e instanceof Error ? e.message : String(e);
}
