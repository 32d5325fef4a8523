// Builds the executable for the end-to-end tests when dist/ is missing or
// older than the sources (`npm test` has just built it; a lone
// `vitest run test/cli` after an edit has not).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

function newestUnder(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function ensureBuilt(): void {
  const cli = join(ROOT, "dist", "cli.cache");
  const sources = Math.max(newestUnder(join(ROOT, "src")), newestUnder(join(ROOT, "grammar")), statSync(join(ROOT, "package.json")).mtimeMs);
  if (existsSync(cli) && statSync(cli).mtimeMs >= sources) return;
  const r = spawnSync(process.execPath, [join(ROOT, "scripts", "build.mjs"), "--no-types"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`the build failed:\n${r.stdout}${r.stderr}`);
}
