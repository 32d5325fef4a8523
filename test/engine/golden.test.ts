// Golden files: canonical YAML, missing/match/mismatch/update verdicts, CI
// mode, obsolete titles and --prune, filtered runs, atomic writes, stdin.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import YAML from "yaml";
import { judgeGoldens, type GoldenVerdict } from "../../src/engine/golden.js";
import { writeFileAtomic } from "../../src/engine/golden-io.js";
import { entryText, goldenText, matchesCanonical, toYaml, yamlString } from "../../src/engine/golden-yaml.js";
import { formatChange, goldenChanges } from "../../src/engine/golden-compare.js";
import type { SnapshotValue } from "../../src/engine/types.js";
import { fileResult, scenario, snapshot } from "../report/fixtures.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "scn-golden-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const LOCAL = { update: false, ci: false };
const CI = { update: false, ci: true };
const UPDATE = { update: true, ci: false };

function twoScenarios(refsB = 4) {
  return fileResult(join(dir, "x.scn"), [scenario("first"), scenario("second", { snapshot: snapshot(refsB) })]);
}
const golden = () => join(dir, "x.golden.yaml");
const kinds = (vs: GoldenVerdict[]) => vs.map((v) => v.kind);

describe("canonical YAML", () => {
  // -0 is written as 0 (a snapshot never holds -0), so the generator leaves it out.
  it("reads back as the same value", () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, tie("leaf"), fc.array(tie("node"), { maxLength: 4 }), fc.dictionary(fc.string(), tie("node"), { maxKeys: 4 })),
      leaf: fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)), fc.boolean(), fc.constant(null)),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        const back = YAML.parse(toYaml(v as SnapshotValue));
        expect(back).toEqual(v);
      }),
      { numRuns: 400 },
    );
  });

  it("quotes only what YAML would misread", () => {
    expect(yamlString("vram")).toBe("vram");
    expect(yamlString("mmap D as M: vma_set_file")).toBe('"mmap D as M: vma_set_file"');
    for (const s of ["true", "no", "null", "0x10", "1e3", "", " x", "- x", "#x", "a #b", "...x"]) expect(yamlString(s)).toMatch(/^"/);
  });

  it("keeps the snapshot's key order and writes titles in file order", () => {
    const text = goldenText("x.scn", [{ title: "b", value: { z: 1, a: 2 } }, { title: "a", value: {} }]);
    expect(text.split("\n").slice(2).join("\n")).toBe('b:\n  z: 1\n  a: 2\na: {}\n');
  });
});

describe("judgeGoldens", () => {
  it("writes a missing golden on a local run", async () => {
    const v = await judgeGoldens(twoScenarios(), LOCAL);
    expect(kinds(v)).toEqual(["missing-written", "missing-written"]);
    const text = readFileSync(golden(), "utf8");
    expect(Object.keys(YAML.parse(text))).toEqual(["first", "second"]);
    expect(await judgeGoldens(twoScenarios(), CI)).toEqual([
      { kind: "match", file: golden(), title: "first" },
      { kind: "match", file: golden(), title: "second" },
    ]);
  });

  it("fails a missing golden under CI and writes nothing", async () => {
    const v = await judgeGoldens(twoScenarios(), CI);
    expect(kinds(v)).toEqual(["missing-ci", "missing-ci"]);
    expect(existsSync(golden())).toBe(false);
  });

  it("writes under CI when asked to update", async () => {
    expect(kinds(await judgeGoldens(twoScenarios(), { update: true, ci: true }))).toEqual(["missing-written", "missing-written"]);
  });

  it("reports a mismatch with a unified diff and the object paths, writing nothing", async () => {
    await judgeGoldens(twoScenarios(3), LOCAL);
    const before = readFileSync(golden(), "utf8");
    const [first, second] = await judgeGoldens(twoScenarios(4), LOCAL);
    expect(first!.kind).toBe("match");
    if (second!.kind !== "mismatch") throw new Error(`expected a mismatch, got ${second!.kind}`);
    expect(second.changes.map(formatChange)).toEqual(["objects.D.refs: 3 → 4"]);
    expect(second.diff).toContain(`--- ${golden()}\n+++ actual state\n@@`);
    expect(second.diff).toMatch(/^-\s+refs: 3$/m);
    expect(second.diff).toMatch(/^\+\s+refs: 4$/m);
    expect(readFileSync(golden(), "utf8")).toBe(before);
  });

  it("updates one entry with -u and keeps the others byte for byte", async () => {
    await judgeGoldens(twoScenarios(3), LOCAL);
    const firstText = entryText({ title: "first", value: snapshot() });
    expect(readFileSync(golden(), "utf8")).toContain(firstText);
    const v = await judgeGoldens(twoScenarios(5), UPDATE);
    expect(kinds(v)).toEqual(["match", "updated"]);
    const after = readFileSync(golden(), "utf8");
    expect(after).toContain(firstText);
    expect(YAML.parse(after).second.objects.D.refs).toBe(5);
    expect(kinds(await judgeGoldens(twoScenarios(5), CI))).toEqual(["match", "match"]);
  });

  it("preserves a hand-formatted entry that still matches when another is written", async () => {
    const handWritten = "# notes\nfirst: " + JSON.stringify(snapshot()) + "\n";
    writeFileSync(golden(), handWritten);
    const v = await judgeGoldens(twoScenarios(), LOCAL);
    expect(kinds(v)).toEqual(["match", "missing-written"]);
    expect(YAML.parse(readFileSync(golden(), "utf8")).first).toEqual(snapshot());
  });

  it("takes an equivalent golden in another key order as a match and leaves it alone", async () => {
    const s = snapshot();
    const text = YAML.stringify({ first: { events: s.events, hazards: [], objects: s.objects } });
    writeFileSync(golden(), text);
    const v = await judgeGoldens(fileResult(join(dir, "x.scn"), [scenario("first")]), CI);
    expect(kinds(v)).toEqual(["match"]);
    expect(readFileSync(golden(), "utf8")).toBe(text);
  });

  it("reports obsolete titles, keeps them on update, and removes them only with --prune", async () => {
    await judgeGoldens(twoScenarios(), LOCAL);
    const onlyFirst = fileResult(join(dir, "x.scn"), [scenario("first")]);
    const kept = await judgeGoldens(onlyFirst, LOCAL);
    expect(kept).toContainEqual({ kind: "obsolete", file: golden(), titles: ["second"], removed: false });
    expect(Object.keys(YAML.parse(readFileSync(golden(), "utf8")))).toEqual(["first", "second"]);
    expect(await judgeGoldens(onlyFirst, UPDATE)).toContainEqual({ kind: "obsolete", file: golden(), titles: ["second"], removed: false });
    expect(Object.keys(YAML.parse(readFileSync(golden(), "utf8")))).toEqual(["first", "second"]);
    const removed = await judgeGoldens(onlyFirst, { ...CI, prune: true });
    expect(removed).toContainEqual({ kind: "obsolete", file: golden(), titles: ["second"], removed: true });
    expect(Object.keys(YAML.parse(readFileSync(golden(), "utf8")))).toEqual(["first"]);
  });

  it("never calls the entries of scenarios a filtered run left out obsolete, nor touches them", async () => {
    await judgeGoldens(twoScenarios(), LOCAL);
    const before = readFileSync(golden(), "utf8");
    const onlySecond = fileResult(join(dir, "x.scn"), [scenario("second", { snapshot: snapshot(9) })]);
    const scope = { titles: ["first", "second"] };
    expect(await judgeGoldens(onlySecond, { ...LOCAL, prune: true }, scope)).toEqual([expect.objectContaining({ kind: "mismatch", title: "second" })]);
    expect(readFileSync(golden(), "utf8")).toBe(before);
    expect(kinds(await judgeGoldens(onlySecond, UPDATE, scope))).toEqual(["updated"]);
    const after = YAML.parse(readFileSync(golden(), "utf8"));
    expect(Object.keys(after)).toEqual(["first", "second"]);
    expect(after.first).toEqual(snapshot());
    expect(after.second.objects.D.refs).toBe(9);
  });

  it("writes a missing entry of a filtered run in file order", async () => {
    writeFileSync(golden(), goldenText("x.scn", [{ title: "second", value: snapshot() }]));
    const onlyFirst = fileResult(join(dir, "x.scn"), [scenario("first")]);
    expect(kinds(await judgeGoldens(onlyFirst, LOCAL, { titles: ["first", "second"] }))).toEqual(["missing-written"]);
    expect(Object.keys(YAML.parse(readFileSync(golden(), "utf8")))).toEqual(["first", "second"]);
  });

  it("judges a canonical golden without rendering it, and sees one changed byte", async () => {
    await judgeGoldens(twoScenarios(), LOCAL);
    const text = readFileSync(golden(), "utf8");
    const entries = twoScenarios().scenarios.map((s) => ({ title: s.title, value: s.snapshot }));
    expect(matchesCanonical(text, "x.scn", entries)).toBe(true);
    expect(matchesCanonical(text.replace("refs: 4", "refs: 5"), "x.scn", entries)).toBe(false);
    expect(matchesCanonical(`${text}\n`, "x.scn", entries)).toBe(false);
    expect(matchesCanonical(text.slice(0, -1), "x.scn", entries)).toBe(false);
    expect(matchesCanonical(goldenText("x.scn", []), "x.scn", [])).toBe(true);
  });

  it("says a broken golden cannot be read, and rewrites it on update", async () => {
    writeFileSync(golden(), "first: [unclosed\n");
    const [v] = await judgeGoldens(twoScenarios(), LOCAL);
    expect(v).toMatchObject({ kind: "error", titles: ["first", "second"] });
    expect(kinds(await judgeGoldens(twoScenarios(), UPDATE))).toEqual(["missing-written", "missing-written"]);
    expect(kinds(await judgeGoldens(twoScenarios(), CI))).toEqual(["match", "match"]);
  });

  it("never reads or writes a golden for stdin, a mail, or an invalid file", async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(await judgeGoldens(fileResult("<stdin>", [scenario("first")]), LOCAL)).toEqual([]);
      expect(await judgeGoldens(fileResult(join(dir, "thread.eml"), [scenario("first")]), LOCAL)).toEqual([]);
      const invalid = fileResult(join(dir, "x.scn"), [], {
        diagnostics: [{ code: "SCN1002", severity: "error", message: "expected a step", span: scenario("a").span }],
      });
      expect(await judgeGoldens(invalid, LOCAL)).toEqual([]);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  });

  it("reports a golden it cannot write, and leaves no temporary file", async () => {
    mkdirSync(golden());
    const [v] = await judgeGoldens(twoScenarios(), LOCAL);
    expect(v).toMatchObject({ kind: "error", file: golden() });
    expect(readdirSync(dir)).toEqual(["x.golden.yaml"]);
  });
});

describe("writeFileAtomic", () => {
  it("replaces the file whole and leaves no temporary file", () => {
    const path = join(dir, "g.yaml");
    writeFileSync(path, "old\n");
    writeFileAtomic(path, "new\n");
    expect(readFileSync(path, "utf8")).toBe("new\n");
    expect(readdirSync(dir)).toEqual(["g.yaml"]);
  });

  it("leaves the old file as it was when the write fails", () => {
    const path = join(dir, "g.yaml");
    writeFileSync(path, "old\n");
    const failingRename = () => {
      throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
    };
    expect(() => writeFileAtomic(path, "new\n", { rename: failingRename })).toThrow(/ENOSPC/);
    expect(readFileSync(path, "utf8")).toBe("old\n");
    expect(readdirSync(dir)).toEqual(["g.yaml"]);
  });
});

describe("goldenChanges", () => {
  it("names added, removed and changed paths", () => {
    const changes = goldenChanges({ objects: { D: { refs: 3 }, "a b": 1 }, events: ["x"] }, { objects: { D: { refs: 4 }, E: { refs: 1 } }, events: ["x", "later"] });
    expect(changes.map(formatChange)).toEqual([
      "objects.D.refs: 3 → 4",
      'objects["a b"]: 1 → (absent)',
      "objects.E: (absent) → {refs: 1}",
      "events[1]: (absent) → later",
    ]);
  });
});
