// The built executable end to end (`node bin/dmabuf-scn.js` in a temporary
// directory): exit codes, stdin, usage errors, goldens written locally and
// failing under CI, `-u` restoring an edited golden, and a failing step
// reported with its place, its expectation and the model's answer.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ensureBuilt, ROOT } from "./build-once.js";

const BIN = join(ROOT, "bin", "dmabuf-scn.js");
const EXAMPLE = readFileSync(join(ROOT, "test/cli/fixtures/first-example.txt"), "utf8");
const TITLE = "userptr of an mmapped dma-buf is rejected";

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

let dir: string;

function cli(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Ran {
  const env: Record<string, string | undefined> = { ...process.env, CI: undefined, NO_COLOR: undefined, FORCE_COLOR: undefined, ...opts.env };
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env: env as NodeJS.ProcessEnv, input: opts.input ?? "", encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const lastLine = (text: string) => text.trimEnd().split("\n").pop();

beforeAll(ensureBuilt, 60_000);
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "scn-e2e-"));
  writeFileSync(join(dir, "first.scn"), EXAMPLE);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("dmabuf-scn run", () => {
  it("passes the first example, writes its golden locally, then matches it under CI", () => {
    const first = cli(["run", "first.scn"]);
    expect(first.stderr).toBe("");
    expect(first.stdout).toContain(`✓ ${TITLE}  first.scn:3\n    golden written: first.golden.yaml\n`);
    expect(lastLine(first.stdout)).toBe("1 passed, 0 failed");
    expect(first.code).toBe(0);
    const again = cli(["run", "."], { env: { CI: "true" } });
    expect(again.stdout).toBe(`✓ ${TITLE}  first.scn:3\n\n1 passed, 0 failed\n`);
    expect(again.code).toBe(0);
  });

  it("fails a missing golden under CI and writes nothing", () => {
    const r = cli(["run", "first.scn"], { env: { CI: "true" } });
    expect(r.stdout).toContain(`✗ ${TITLE}  first.scn:3\n    golden missing: first.golden.yaml`);
    expect(lastLine(r.stdout)).toBe("0 passed, 1 failed");
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, "first.golden.yaml"))).toBe(false);
  });

  it("shows an edited golden as a diff, and -u restores it", () => {
    cli(["run", "first.scn"]);
    const golden = join(dir, "first.golden.yaml");
    const original = readFileSync(golden, "utf8");
    const edited = original.replace(/^(\s+refs: )(\d+)$/m, (_, key: string, n: string) => `${key}${Number(n) + 10}`);
    expect(edited).not.toBe(original);
    writeFileSync(golden, edited);
    const diff = cli(["run", "first.scn"], { env: { CI: "1" } });
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain("golden differs: first.golden.yaml");
    expect(diff.stdout).toMatch(/^ {6}\S+\.refs: \d+ → \d+$/m);
    expect(diff.stdout).toMatch(/^ {6}-\s+refs: \d+$/m);
    expect(readFileSync(golden, "utf8")).toBe(edited);
    const update = cli(["run", "-u", "first.scn"], { env: { CI: "1" } });
    expect(update.stdout).toContain("golden updated: first.golden.yaml");
    expect(update.code).toBe(0);
    expect(readFileSync(golden, "utf8")).toBe(original);
  });

  it("runs stdin with no golden", () => {
    const r = cli(["run", "-"], { input: EXAMPLE });
    expect(r.stdout).toBe(`✓ ${TITLE}  <stdin>:3\n\n1 passed, 0 failed\n`);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, "first.golden.yaml"))).toBe(false);
  });

  it("names the failing step's place, what was expected and what the model answered", () => {
    writeFileSync(join(dir, "first.scn"), EXAMPLE.replace("flags probe as U1    => EFAULT", "flags probe as U1    => EPERM"));
    const r = cli(["run", "first.scn"]);
    expect(r.stdout).toContain(`✗ ${TITLE}  first.scn:3\n    first.scn:18:3: step 4: intel userptr M flags probe as U1 => EPERM\n`);
    expect(r.stdout).toMatch(/^ {6}expected EPERM, the model answered EFAULT: .+$/m);
    expect(r.stdout).toMatch(/^ {6}rule: \S+/m);
    expect(r.code).toBe(1);
  });

  it("runs every valid file when another is invalid, and exits 2", () => {
    writeFileSync(join(dir, "bad.scn"), 'scenario "bad"\nactors {\n  amd: amdgpu\n}\nsteps {\n  amd expot A as D\n}\n');
    const r = cli(["run", "."]);
    expect(r.stdout).toMatch(/^bad\.scn:6:\d+: error SCN\d{4}: /m);
    expect(r.stdout).toContain(`✓ ${TITLE}  first.scn:3`);
    expect(r.stdout.trimEnd().split("\n").slice(-2)).toEqual(["1 invalid file", "1 passed, 0 failed"]);
    expect(r.code).toBe(2);
  });

  it("exits 2 for a path that does not exist", () => {
    const r = cli(["run", "missing.scn"]);
    expect(r.stdout).toContain("✗ missing.scn: cannot read: no such file or directory");
    expect(r.code).toBe(2);
  });

  it("colours only when asked or on a terminal", () => {
    cli(["run", "first.scn"]);
    expect(cli(["run", "first.scn"]).stdout).not.toMatch(/\x1b\[/);
    expect(cli(["run", "first.scn"], { env: { FORCE_COLOR: "1" } }).stdout).toMatch(/\x1b\[32m✓/);
    expect(cli(["run", "first.scn"], { env: { FORCE_COLOR: "1", NO_COLOR: "1" } }).stdout).not.toMatch(/\x1b\[/);
  });
});

describe("dmabuf-scn usage", () => {
  it("names an unknown option with a suggestion and exits 2", () => {
    const r = cli(["run", "--updte", "first.scn"]);
    expect(r.stderr).toBe("dmabuf-scn: unknown option --updte\ndid you mean --update? (see `dmabuf-scn --help`)\n");
    expect(r.stdout).toBe("");
    expect(r.code).toBe(2);
  });

  it("prints help and the version", () => {
    const help = cli(["--help"]);
    expect(help.stdout).toContain("Exit codes:");
    expect(help.code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(cli(["--version"]).stdout).toBe(`dmabuf-scn ${pkg.version}\n`);
  });

  it("checks without running or writing goldens", () => {
    copyFileSync(join(dir, "first.scn"), join(dir, "second.scn"));
    const r = cli(["check", "."]);
    expect(r.stdout).toBe("✓ first.scn\n✓ second.scn\n\n2 valid, 0 invalid\n");
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, "first.golden.yaml"))).toBe(false);
  });
});
