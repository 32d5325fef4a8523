// The selection as data: shards are stable and disjoint, the reasons a
// scenario is left out, and a filtered run giving the same result for the
// scenarios it takes as a whole run does. Progress drawing with a fake clock.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runSource } from "../../src/engine/run.js";
import { runSelected } from "../../src/engine/run-file.js";
import { fnv1a, leftOutBy, shardOf, shardPath } from "../../src/engine/select.js";
import { collectInputs } from "../../src/cli/inputs.js";
import { DELAY_MS, Progress } from "../../src/cli/progress.js";

describe("shards", () => {
  it("hash the same on every machine", () => {
    expect(fnv1a("")).toBe(0x811c9dc5);
    expect(fnv1a("a")).toBe(0xe40c292c);
    expect(shardPath("./scenarios//x.scn")).toBe("scenarios/x.scn");
  });

  it("keep every scenario where it was when others are added", () => {
    const titles = Array.from({ length: 200 }, (_, i) => `scenario ${i}`);
    const before = titles.map((t) => shardOf("a.scn", t, 4));
    const after = [...titles, "new one", "another"].map((t) => shardOf("a.scn", t, 4)).slice(0, 200);
    expect(after).toEqual(before);
    for (let s = 1; s <= 4; s++) expect(before.filter((x) => x === s).length).toBeGreaterThan(30);
  });

  it("say why a scenario is left out", () => {
    const sc = { title: "pin a PFNMAP range", tags: ["gup"] };
    expect(leftOutBy({ tags: ["userptr"] }, "a.scn", sc)).toBe("no tag of userptr");
    expect(leftOutBy({ tags: [], grep: /^export/ }, "a.scn", sc)).toBe("title does not match /^export/");
    expect(leftOutBy({ tags: ["gup"], grep: /pin/g }, "a.scn", sc)).toBeUndefined();
    expect(leftOutBy({ tags: ["gup"], grep: /pin/g }, "a.scn", sc)).toBeUndefined();
  });
});

describe("a filtered run", () => {
  it("gives each scenario it takes the result a whole run gives it", () => {
    for (const input of collectInputs(["scenarios"])) {
      if (input.kind !== "file") continue;
      const source = readFileSync(input.path, "utf8");
      const whole = runSource(source, input.path);
      const half = runSelected(source, input.path, { tags: [], shard: { index: 1, count: 2 } });
      const other = runSelected(source, input.path, { tags: [], shard: { index: 2, count: 2 } });
      expect(half.titles).toEqual(whole.scenarios.map((s) => s.title));
      const byTitle = new Map([...half.result.scenarios, ...other.result.scenarios].map((s) => [s.title, s]));
      expect(whole.scenarios.map((s) => byTitle.get(s.title))).toEqual(whole.scenarios);
      expect(half.elsewhere + other.elsewhere).toBe(whole.scenarios.length);
    }
  });
});

describe("progress", () => {
  it("appears only after a moment, is redrawn sparingly, and is erased before other output", () => {
    let t = 0;
    let err = "";
    let out = "";
    const p = new Progress(3, (s) => (err += s), () => t);
    const write = p.wrap((s) => (out += s));
    p.tick(2);
    expect(err).toBe("");
    t = DELAY_MS + 1;
    p.tick(5);
    expect(err).toBe("\r\x1b[Kdmabuf-scn: 2/3 files, 7 scenarios");
    p.tick(1);
    expect(err).toBe("\r\x1b[Kdmabuf-scn: 2/3 files, 7 scenarios");
    write("✓ x\n");
    expect(err.endsWith("\r\x1b[K")).toBe(true);
    expect(out).toBe("✓ x\n");
    p.clear();
    expect(err.endsWith("scenarios\r\x1b[K")).toBe(true);
  });
});
