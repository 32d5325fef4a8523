// The built executable on a corpus big enough for worker threads: the same
// bytes on one thread and on several, and goldens written by the workers.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, ROOT } from "./build-once.js";

const BIN = join(ROOT, "bin", "dmabuf-scn.js");
let dir: string;

function run(args: string[], env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, CI: undefined, NO_COLOR: "1", FORCE_COLOR: undefined, ...env }, maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "scn-workers-"));
  for (let i = 0; i < 4; i++) cpSync(join(ROOT, "scenarios"), join(dir, `c${i}`), { recursive: true });
  for (const f of readdirSync(dir, { recursive: true, encoding: "utf8" })) if (f.endsWith(".golden.yaml")) rmSync(join(dir, f));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("worker threads", () => {
  it("write the missing goldens, then print what one thread prints", () => {
    const written = run(["run", "-j", "2", "."]);
    expect(written.stderr).toBe("");
    expect(written.stdout).toMatch(/goldens: \d+ written\n/);
    const one = run(["run", "-j", "1", "--reporter", "pretty", "--reporter", "ktap:k1.txt", "."], { CI: "true" });
    const two = run(["run", "-j", "2", "--reporter", "pretty", "--reporter", "ktap:k2.txt", "."], { CI: "true" });
    expect(two.stdout).toBe(one.stdout);
    expect(two.code).toBe(one.code);
    expect(one.stdout).toMatch(/\d+ passed, \d+ failed\n$/);
    const k = (name: string) => spawnSync("cat", [join(dir, name)], { encoding: "utf8" }).stdout;
    expect(k("k2.txt")).toBe(k("k1.txt"));
  }, 120_000);
});
