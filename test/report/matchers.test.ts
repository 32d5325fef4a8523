// The library as a vitest user sees it: `runScenario` on inline text, the
// state asserted through `stateAt` and the custom matchers, and the errors
// a mistaken scenario throws.
import { describe, expect, it } from "vitest";
import { parseScenario, runScenario, scnMatchers, stateAt, ScenarioError, type ScnMatchers } from "../../src/index.js";

declare module "vitest" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Assertion<T> extends ScnMatchers<T> {}
}
expect.extend(scnMatchers);

const EXPORT = `
scenario "export"
actors {
  gem: vgem
}
steps {
  gem create A size 64K
  gem export A as D
}
expect {
  D.refs == 3
}
`;

describe("runScenario", () => {
  it("runs inline text and exposes the final state", () => {
    const r = runScenario(EXPORT);
    expect(r).toPassScenario();
    expect(r).toHaveState("D.refs", 3);
    expect(r).toHaveState("objects.A.kind", "gem");
    expect(r).not.toHaveState("D.refs", 4);
    expect(stateAt(r.snapshot, "D.nothing")).toBeUndefined();
  });

  it("explains a failing scenario in the reporter's words", () => {
    const r = runScenario(EXPORT.replace("D.refs == 3", "D.refs == 9"));
    const m = scnMatchers.toPassScenario(r);
    expect(m.pass).toBe(false);
    expect(m.message()).toContain("expect D.refs == 9");
    expect(scnMatchers.toHaveState(r, "D.refs", 9).message()).toBe("expected D.refs to be 9; the state held 3");
  });

  it("throws a ScenarioError with the diagnostics on invalid text", () => {
    expect(() => parseScenario(EXPORT.replace("export A", "expot A"))).toThrow(ScenarioError);
    try {
      runScenario(EXPORT.replace("export A", "expot A"), { path: "t.scn" });
    } catch (e) {
      expect((e as ScenarioError).diagnostics[0]!.code).toMatch(/^SCN2/);
      expect((e as Error).message).toContain("t.scn:8:7: error");
    }
  });

  it("asks which scenario to run when the text holds several", () => {
    const two = `${EXPORT}\n${EXPORT.replace('"export"', '"again"')}`;
    expect(() => runScenario(two)).toThrow(/holds 2 scenarios \("export", "again"\): say which with \{ title \}/);
    expect(runScenario(two, { title: "again" }).title).toBe("again");
    expect(runScenario(parseScenario(two), { title: "export" })).toHaveState("D.refs", 3);
  });
});
