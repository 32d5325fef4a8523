// Every reporter on a failing corpus (test/report/fixtures/failing: a step
// with another errno, an expectation that does not hold, a golden that
// differs, one missing under CI, an obsolete title, an orphaned golden file,
// an invalid file), compared with golden outputs, and each checked against
// its format: KTAP version 1, TAP 14, well-formed JUnit XML, GitHub
// workflow commands, the JSON schema. Regenerate the golden outputs with
//   UPDATE_REPORTS=1 npx vitest run test/report/reporters.test.ts
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";
import { readKtap } from "./ktap-check.js";
import { assertWellFormed } from "./xml-check.js";

const FAILING = "test/report/fixtures/failing";
const CI = { CI: "true" };

async function report(name: string, env: NodeJS.ProcessEnv = CI): Promise<string> {
  const r = await runCli(["run", FAILING, "--reporter", name], { env });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(2);
  return r.stdout;
}

function golden(name: string, text: string): void {
  const path = `test/report/fixtures/failing.${name}`;
  if (process.env.UPDATE_REPORTS) writeFileSync(path, text);
  expect(text, `${path} differs: UPDATE_REPORTS=1 npx vitest run test/report/reporters.test.ts`).toBe(readFileSync(path, "utf8"));
}

describe("ktap", () => {
  it("prints the failing corpus as KTAP version 1, nested file > scenario > step", async () => {
    const text = await report("ktap");
    golden("ktap", text);
    const files = readKtap(text);
    expect(files.map((f) => [f.name, f.ok])).toEqual([
      [`${FAILING}/golden.scn`, false],
      [`${FAILING}/invalid.scn`, false],
      [`${FAILING}/steps.scn`, false],
    ]);
    expect(files[1]!.directive).toMatch(/^ERROR /);
    const steps = files[2]!.children[0]!;
    expect(steps.name).toBe("export counts, with a wrong expectation %23 and <xml> & \"quotes\"");
    const bad = steps.children.find((c) => !c.ok)!;
    expect(bad.name).toBe("step 3: gem close A => EBADF");
    expect(bad.diagnostics).toContain("expected EBADF, the model answered ok");
    expect(text.trimEnd().split("\n").at(-1)).toMatch(/^# Totals: pass:\d+ fail:\d+ skip:\d+ error:\d+$/);
  });

  it("marks scenarios left out by --tag as skipped, and reads the corpus run", async () => {
    const r = await runCli(["run", `${FAILING}/golden.scn`, "--tag", "prime", "--reporter", "ktap"], { env: CI });
    const [file] = readKtap(r.stdout);
    expect(file!.children.map((c) => [c.name, c.ok, c.directive])).toEqual([
      ["an export whose golden says otherwise", false, undefined],
      ["a scenario without a golden entry", true, "SKIP no tag of prime"],
    ]);
    const corpus = await runCli(["run", "scenarios", "--reporter", "ktap"], { env: CI });
    const tests = readKtap(corpus.stdout);
    expect(tests.length).toBeGreaterThan(10);
    expect(tests.every((t) => t.ok)).toBe(corpus.code === 0);
  });
});

describe("tap", () => {
  it("prints TAP 14: subtests four spaces in, YAML blocks, escaped descriptions", async () => {
    const text = await report("tap");
    golden("tap", text);
    expect(text.startsWith("TAP version 14\n1..3\n# Subtest: ")).toBe(true);
    expect(text).toContain("    # Subtest: export counts, with a wrong expectation # and");
    expect(text).toContain('    not ok 1 - export counts, with a wrong expectation \\# and <xml> & "quotes"\n');
    expect(text).toMatch(/^ {8}not ok 3 - step 3: gem close A => EBADF\n {10}---\n {10}message: "expected EBADF, the model answered ok"\n/m);
  });
});

describe("junit", () => {
  it("writes well-formed XML with one testcase per scenario, escaped", async () => {
    const text = await report("junit");
    golden("junit.xml", text);
    assertWellFormed(text);
    expect(text).toContain('<testcase name="export counts, with a wrong expectation # and &lt;xml&gt; &amp; &quot;quotes&quot;" classname="test.report.fixtures.failing.steps">');
    expect(text).toMatch(/<testsuites name="dmabuf-scn" tests="5" failures="3" errors="1" skipped="0">/);
    const xmllint = spawnSync("xmllint", ["--noout", "-"], { input: text, encoding: "utf8" });
    if (xmllint.error === undefined) expect(xmllint.stderr).toBe("");
  });

  it("keeps characters XML cannot hold out of the file", async () => {
    const { xmlAttr, xmlText } = await import("../../src/report/junit.js");
    expect(xmlText("a\u0001b\ud800c <&>")).toBe("a\ufffdb\ufffdc &lt;&amp;&gt;");
    expect(xmlAttr('x"\ny\t')).toBe("x&quot;&#10;y&#9;");
    assertWellFormed(`<a b="${xmlAttr("\u0000<\"'&")}">${xmlText("]]>\u0007")}</a>`);
  });
});

describe("github", () => {
  it("annotates each failure at its line, and appends a step summary", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scn-gh-"));
    try {
      const summary = join(dir, "summary.md");
      writeFileSync(summary, "");
      const text = await report("github", { ...CI, GITHUB_STEP_SUMMARY: summary });
      golden("github.txt", text);
      for (const line of text.trimEnd().split("\n")) expect(line).toMatch(/^::(error|warning|notice) file=[^:]+::/);
      expect(text).toContain(`::error file=${FAILING}/steps.scn,line=14,col=3,title=export counts%2C with a wrong expectation # and <xml> & "quotes"::step 3: gem close A => EBADF%0Aexpected EBADF, the model answered ok`);
      expect(text).toMatch(new RegExp(`^::error file=${FAILING}/invalid.scn,line=6,col=7,endLine=6,endColumn=12,title=SCN\\d+::`, "m"));
      const md = readFileSync(summary, "utf8");
      expect(md).toContain("### dmabuf-scn run\n\n**1 passed, 3 failed**");
      expect(md).toContain(`| \`${FAILING}/steps.scn:5\` | export counts, with a wrong expectation # and <xml> & "quotes" | step 3: gem close A => EBADF: expected EBADF, the model answered ok |`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("json", () => {
  it("writes schema version 1 with the state snapshot, the same bytes every run", async () => {
    const text = await report("json");
    expect(await report("json")).toBe(text);
    const doc = JSON.parse(text);
    expect([doc.schema, doc.version, doc.command]).toEqual(["dmabuf-scn-report", 1, "run"]);
    expect(doc.files.map((f: { path: string; status: string }) => [f.path, f.status])).toEqual([
      [`${FAILING}/golden.scn`, "failed"],
      [`${FAILING}/invalid.scn`, "invalid"],
      [`${FAILING}/steps.scn`, "failed"],
    ]);
    const sc = doc.files[2].scenarios[0];
    expect(sc.steps[2]).toMatchObject({ index: 3, line: 14, status: "fail", expected: "EBADF", observed: { kind: "ok" } });
    expect(sc.snapshot.objects.D.kind).toBe("file");
    expect(doc.files[0].scenarios[0].golden).toMatchObject({ verdict: "mismatch", changes: [{ path: "objects.D.refs", expected: 7, actual: 3 }] });
    expect(doc.files[0].goldenFile.obsolete).toEqual([{ file: `${FAILING}/golden.golden.yaml`, titles: ["a scenario that was renamed"], removed: false }]);
    expect(doc.obsoleteGoldenFiles).toEqual([{ file: `${FAILING}/orphan.golden.yaml`, removed: false }]);
    expect(doc.summary).toMatchObject({ passed: 1, failed: 3, invalidFiles: 1 });
  });
});
