// From command-line paths to the inputs a command runs: files as given,
// directories searched for `*.scn` (sorted, skipping node_modules and
// dot-directories), `-` for standard input, and a problem for every path
// that yields nothing; and the golden files under those directories that
// no `.scn` file owns any more.
import { existsSync, readdirSync, statSync, type Dirent } from "node:fs";
import { join, resolve } from "node:path";

export type Input =
  | { kind: "file"; path: string }
  | { kind: "stdin" }
  | { kind: "problem"; path: string; message: string };

/** The display name of standard input; it has no golden file. */
export const STDIN_PATH = "<stdin>";

/** `ENOENT` → `no such file or directory`, as a one-line reason. */
export function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    case "ENOTDIR":
      return "not a directory";
    default:
      return code ?? (e instanceof Error ? e.message : String(e));
  }
}

function skipped(name: string): boolean {
  return name.startsWith(".") || name === "node_modules";
}

function isScnFile(dir: string, entry: Dirent): boolean {
  if (!entry.name.endsWith(".scn")) return false;
  if (entry.isFile()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return statSync(join(dir, entry.name)).isFile();
  } catch {
    return false;
  }
}

/** Every `*.scn` under `dir`, depth first, entries in code-point order; symlinked directories are not followed. */
function scnFilesUnder(dir: string, out: Input[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    out.push({ kind: "problem", path: dir, message: `cannot read directory: ${reason(e)}` });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (skipped(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) scnFilesUnder(path, out);
    else if (isScnFile(dir, entry)) out.push({ kind: "file", path });
  }
}

function expand(path: string): Input[] {
  if (path === "-") return [{ kind: "stdin" }];
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    return [{ kind: "problem", path, message: `cannot read: ${reason(e)}` }];
  }
  if (!isDir) return [{ kind: "file", path }];
  const found: Input[] = [];
  scnFilesUnder(path, found);
  if (!found.some((i) => i.kind === "file")) found.push({ kind: "problem", path, message: "no .scn file under this directory" });
  return found;
}

/** The inputs of `paths`, in order; a file named twice (or stdin given twice) runs once. */
export function collectInputs(paths: readonly string[]): Input[] {
  const seen = new Set<string>();
  const out: Input[] = [];
  for (const input of paths.flatMap(expand)) {
    const key = input.kind === "stdin" ? "-" : input.kind === "file" ? resolve(input.path) : undefined;
    if (key !== undefined) {
      if (seen.has(key)) continue;
      seen.add(key);
    }
    out.push(input);
  }
  return out;
}

/** Every `*.golden.yaml` under the directories among `paths` (same walk as for `*.scn`). */
function goldenFilesUnder(dir: string, out: string[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // the `.scn` walk has reported the directory already
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (skipped(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) goldenFilesUnder(path, out);
    else if (entry.name.endsWith(".golden.yaml") && entry.isFile()) out.push(path);
  }
}

/** Golden files under the directories among `paths` whose `.scn` file does not exist, in walk order. */
export function orphanGoldens(paths: readonly string[]): string[] {
  const found: string[] = [];
  for (const path of paths) {
    if (path === "-") continue;
    try {
      if (statSync(path).isDirectory()) goldenFilesUnder(path, found);
    } catch {
      // an unreadable path is reported with the inputs
    }
  }
  const seen = new Set<string>();
  return found.filter((g) => {
    const key = resolve(g);
    if (seen.has(key)) return false;
    seen.add(key);
    return !existsSync(`${g.slice(0, -".golden.yaml".length)}.scn`);
  });
}
