// `run` beyond one file: the golden workflow (-u, CI, obsolete titles and
// files, --prune, filtered runs that leave other entries alone), the
// selection (--tag, --grep, --kernel, --shard), reporters writing files, and
// `fmt`, `list`, `profiles`. In process, on copies in a temporary directory.
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import YAML from "yaml";
import { runCli } from "./run-cli.js";

const EXAMPLE = readFileSync("test/cli/fixtures/first-example.txt", "utf8");
let dir: string;
const at = (name: string) => join(dir, name);

function twoScenarioFile(): string {
  const second = EXAMPLE.replace('"userptr of an mmapped dma-buf is rejected"', '"the same, tagged otherwise"').replace("tags userptr mmap", "tags other");
  return `${EXAMPLE}\n${second.split("\n").filter((l) => !l.startsWith("#")).join("\n")}`;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "scn-run-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("goldens", () => {
  it("writes a missing golden locally, fails it under CI without writing", async () => {
    writeFileSync(at("a.scn"), EXAMPLE);
    const ci = await runCli(["run", dir], { env: { CI: "true" } });
    expect(ci.code).toBe(1);
    expect(existsSync(at("a.golden.yaml"))).toBe(false);
    const local = await runCli(["run", dir]);
    expect(local.code).toBe(0);
    expect(local.stdout).toContain(`golden written: ${at("a.golden.yaml")}`);
    expect((await runCli(["run", dir], { env: { CI: "true" } })).code).toBe(0);
  });

  it("reports obsolete titles and orphaned golden files, and --prune removes them", async () => {
    writeFileSync(at("a.scn"), twoScenarioFile());
    await runCli(["run", dir]);
    cpSync(at("a.golden.yaml"), at("gone.golden.yaml"));
    writeFileSync(at("a.scn"), EXAMPLE);
    const r = await runCli(["run", dir], { env: { CI: "true" } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('holds 1 title no scenario has any more: "the same, tagged otherwise" (run with --prune to remove)');
    expect(r.stdout).toContain(`golden ${at("gone.golden.yaml")} belongs to no scenario file`);
    expect((await runCli(["run", "-u", dir])).stdout).toContain("(run with --prune to remove)");
    const pruned = await runCli(["run", "--prune", dir], { env: { CI: "true" } });
    expect(pruned.stdout).toContain(`golden ${at("gone.golden.yaml")}: removed`);
    expect(readdirSync(dir).sort()).toEqual(["a.golden.yaml", "a.scn"]);
    expect(Object.keys(YAML.parse(readFileSync(at("a.golden.yaml"), "utf8")))).toEqual(["userptr of an mmapped dma-buf is rejected"]);
  });

  it("leaves the entries of scenarios a filtered run did not take as they are", async () => {
    writeFileSync(at("a.scn"), twoScenarioFile());
    await runCli(["run", dir]);
    const golden = at("a.golden.yaml");
    const edited = readFileSync(golden, "utf8").replace(/refs: (\d+)/g, (_, n: string) => `refs: ${Number(n) + 1}`);
    writeFileSync(golden, edited);
    const filtered = await runCli(["run", "--tag", "other", "-u", "--prune", dir]);
    expect(filtered.stdout).toContain("golden updated");
    expect(filtered.stdout).not.toContain("obsolete");
    const after = YAML.parse(readFileSync(golden, "utf8"));
    expect(Object.keys(after)).toEqual(["userptr of an mmapped dma-buf is rejected", "the same, tagged otherwise"]);
    expect(after["userptr of an mmapped dma-buf is rejected"]).toEqual(YAML.parse(edited)["userptr of an mmapped dma-buf is rejected"]);
    expect((await runCli(["run", "--grep", "^the same", dir], { env: { CI: "1" } })).code).toBe(0);
    expect((await runCli(["run", dir], { env: { CI: "1" } })).code).toBe(1);
  });
});

describe("selection", () => {
  it("takes scenarios by tag, title and profile, and says how many it left out", async () => {
    writeFileSync(at("a.scn"), twoScenarioFile());
    const byTag = await runCli(["run", "--tag", "mmap,nothing", dir]);
    expect(byTag.stdout).toContain("✓ userptr of an mmapped dma-buf is rejected");
    expect(byTag.stdout).not.toContain("tagged otherwise");
    expect(byTag.stdout).toContain("1 scenario left out by --tag or --grep\n1 passed, 0 failed\n");
    expect((await runCli(["run", "--grep", "tagged", dir])).stdout).toMatch(/✓ the same, tagged otherwise[^]*1 passed, 0 failed\n$/);
  });

  it("shows each step's outcome under other kernels beside the judged one", async () => {
    writeFileSync(at("a.scn"), EXAMPLE);
    const r = await runCli(["run", "--kernel", "linux-5.10,linux-6.12", at("a.scn")]);
    expect(r.stdout).toContain("    under each profile (* judged):\n");
    expect(r.stdout).toMatch(/^ {6,}linux-6\.12\* {2}linux-5\.10$/m);
    expect(r.stdout).toMatch(/^ {4}[ ≠] step 1 +ok +ok/m);
    expect(r.stdout).toMatch(/^ {6}expectations +(hold|fail) +(hold|fail)$/m);
    expect(r.stdout).toMatch(/1 passed, 0 failed\n$/);
    const json = JSON.parse((await runCli(["run", "--kernel", "linux-6.1", "--reporter", "json", at("a.scn")])).stdout);
    expect(json.files[0].scenarios[0].profiles.columns.map((c: { profile: string }) => c.profile)).toEqual(["linux-6.12", "linux-6.1"]);
  });

  it("splits a corpus into disjoint shards that together run every scenario once", async () => {
    cpSync("scenarios", at("scenarios"), { recursive: true });
    const listed = (r: { stdout: string }) => r.stdout.split("\n").filter((l) => /^\S+\.scn:\d+ {2}/.test(l));
    const all = listed(await runCli(["list", at("scenarios")]));
    const shards = await Promise.all([1, 2, 3].map(async (i) => listed(await runCli(["list", "--shard", `${i}/3`, at("scenarios")]))));
    expect(shards.flat().sort()).toEqual([...all].sort());
    for (const s of shards) expect(s.length).toBeGreaterThan(0);
    const ran = await Promise.all([1, 2, 3].map((i) => runCli(["run", "--shard", `${i}/3`, at("scenarios")], { env: { CI: "true" } })));
    const counted = ran.map((r) => /(\d+) passed, (\d+) failed\n$/.exec(r.stdout)!.slice(1).map(Number));
    expect(counted.flat().reduce((a, b) => a + b, 0)).toBe(all.length);
  });
});

describe("reporters", () => {
  it("writes each report to its file, the pretty text to stdout only when asked", async () => {
    writeFileSync(at("a.scn"), EXAMPLE);
    const r = await runCli(["run", dir, "--reporter", `junit:${at("out/junit.xml")}`, "--reporter", `ktap:${at("out/k.txt")}`, "--reporter", "pretty"], { env: { CI: "true" } });
    expect(r.stdout).toMatch(/0 passed, 1 failed\n$/);
    expect(readFileSync(at("out/k.txt"), "utf8")).toMatch(/^KTAP version 1\n1\.\.1\n/);
    expect(readFileSync(at("out/junit.xml"), "utf8")).toContain("<failure");
    const bad = await runCli(["run", dir, "--reporter", `json:${at("a.scn")}/x.json`]);
    expect(bad.stderr).toMatch(/^dmabuf-scn: cannot write .*x\.json: /);
    expect(bad.code).toBe(2);
  });
});

describe("fmt", () => {
  it("lists what --check would change, rewrites it, and is idempotent on the corpus", async () => {
    cpSync("scenarios", at("scenarios"), { recursive: true });
    writeFileSync(at("scenarios/messy.scn"), 'scenario   "messy"\nactors{\n app:process\n}\nsteps {\n app anon 4K as M   # a comment\n}\n');
    const check = await runCli(["fmt", "--check", at("scenarios")]);
    expect(check.stdout).toContain(`would reformat ${at("scenarios/messy.scn")}\n`);
    expect(check.code).toBe(1);
    const before = readFileSync(at("scenarios/messy.scn"), "utf8");
    await runCli(["fmt", at("scenarios")]);
    expect(readFileSync(at("scenarios/messy.scn"), "utf8")).not.toBe(before);
    expect(readFileSync(at("scenarios/messy.scn"), "utf8")).toContain("# a comment");
    const again = await runCli(["fmt", "--check", at("scenarios")]);
    expect(again.stdout).toMatch(/every file is formatted, \d+ unchanged\n$/);
    expect(again.code).toBe(0);
    rmSync(at("scenarios/messy.scn"));
    // Formatting changes no scenario's meaning: the reformatted corpus runs as the original does.
    const strip = (t: string) => t.replaceAll(at("scenarios"), "scenarios").replace(/\.scn:\d+/g, ".scn");
    const original = await runCli(["run", "scenarios"], { env: { CI: "true" } });
    expect(strip((await runCli(["run", at("scenarios")], { env: { CI: "true" } })).stdout)).toBe(strip(original.stdout));
  });

  it("formats stdin to stdout, and leaves a file that does not parse alone", async () => {
    const out = await runCli(["fmt", "-"], { stdin: 'scenario "x"\nactors {\n  app: process\n}\nsteps {\n  app   anon 4K as M\n}\n' });
    expect(out.stdout).toContain("  app anon 4K as M\n");
    writeFileSync(at("bad.scn"), 'scenario "x"\nsteps {\n');
    const bad = await runCli(["fmt", at("bad.scn")]);
    expect(bad.stdout).toContain("not formatted, it does not parse");
    expect(bad.code).toBe(2);
    expect(readFileSync(at("bad.scn"), "utf8")).toBe('scenario "x"\nsteps {\n');
  });
});

describe("list and profiles", () => {
  it("lists scenarios with their place, profile and tags, then tags and profiles used", async () => {
    writeFileSync(at("a.scn"), twoScenarioFile());
    const r = await runCli(["list", "--tag", "userptr,other", dir]);
    expect(r.stdout).toBe(
      `${at("a.scn")}:3  userptr of an mmapped dma-buf is rejected  linux-6.12  [userptr mmap]\n` +
        `${at("a.scn")}:34  the same, tagged otherwise  linux-6.12  [other]\n` +
        "\ntags: mmap 1, other 1, userptr 1\nprofiles: linux-6.12 2\n2 scenarios in 1 file\n",
    );
  });

  it("names every profile switch and knob with its citation", async () => {
    const r = await runCli(["profiles"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("linux-5.10  linux-6.1  linux-6.12  linux-7.2");
    expect(r.stdout).toMatch(/^ {2}forward-mmap=mainline\|no-pgoff-translate\|no-file-swap$/m);
    expect(r.stdout).toMatch(/^ {4}cite: drivers\/dma-buf\/dma-buf\.c: dma_buf_mmap/m);
    // A citation is one word: only it may pass the 78 columns.
    for (const line of r.stdout.split("\n")) if (!line.startsWith("    cite: ")) expect(line.length).toBeLessThanOrEqual(78);
  });
});
