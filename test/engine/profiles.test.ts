// Running under several profiles (`run --kernel a,b`): the scenario's own
// profile judged, the others shown beside it, differences marked; the whole
// corpus runs under all four profiles without an internal error.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseProfileList, runProfiles, runSource } from "../../src/engine/run.js";
import { PROFILES } from "../../src/model/index.js";

const ROOT = join(import.meta.dirname, "../../scenarios");

function scnFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? scnFiles(p) : p.endsWith(".scn") ? [p] : [];
  });
}

const udmabufPin = `scenario "a long-term pin of a udmabuf mapping"
kernel linux-6.12
actors {
  ub: udmabuf
  app: process
}
steps {
  app memfd 8K seal shrink as MF
  ub create U from MF
  app mmap U as M
  app pin M longterm => EFAULT
}
`;

describe("runProfiles", () => {
  it("judges the own profile and shows the others, marking the steps whose answers differ", () => {
    const r = runProfiles(udmabufPin, "u.scn", ["linux-5.10", "linux-6.12", "linux-7.2"]);
    expect(r.diagnostics).toEqual([]);
    const sc = r.scenarios[0]!;
    expect(sc.columns.map((c) => [c.profile, c.judged])).toEqual([["linux-6.12", true], ["linux-5.10", false], ["linux-7.2", false]]);
    expect(sc.columns[0]!.result.passed).toBe(true);
    const pin = sc.steps.at(-1)!;
    expect(pin.outcomes.map((o) => (o.kind === "errno" ? o.errno : o.kind))).toEqual(["EFAULT", "ok", "EFAULT"]);
    expect(pin.differs).toBe(true);
    expect(sc.steps.slice(0, 3).every((s) => !s.differs)).toBe(true);
  });

  it("the judged column is exactly what runSource answers", () => {
    const a = runProfiles(udmabufPin, "u.scn", PROFILES).scenarios[0]!.columns[0]!.result;
    const b = runSource(udmabufPin, "u.scn").scenarios[0]!;
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it("parses a profile list and names unknown profiles", () => {
    expect(parseProfileList("linux-5.10, linux-6.12,linux-5.10")).toEqual({ profiles: ["linux-5.10", "linux-6.12"] });
    expect(parseProfileList("linux-5.10,linux-4.19")).toEqual({ unknown: ["linux-4.19"] });
  });

  it("runs nothing in a file with a check error", () => {
    const r = runProfiles(udmabufPin.replace("memfd 8K", "memfd"), "u.scn", PROFILES);
    expect(r.scenarios).toEqual([]);
    expect(r.diagnostics.length).toBeGreaterThan(0);
  });
});

describe("the corpus under every profile", () => {
  for (const path of scnFiles(ROOT)) {
    it(path.slice(ROOT.length + 1), () => {
      const r = runProfiles(readFileSync(path, "utf8"), path, PROFILES);
      expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      for (const sc of r.scenarios) {
        expect(sc.columns).toHaveLength(4);
        for (const c of sc.columns) expect(c.result.steps).toHaveLength(sc.steps.length);
      }
    });
  }
});
