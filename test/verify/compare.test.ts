import { describe, expect, it } from "vitest";
import { compareScenario, differences } from "../../src/verify/compare.js";
import { runModel } from "../../src/verify/model-side.js";
import type { GuestScenario } from "../../src/verify/results.js";
import { fixture, scenario } from "./helpers.js";

/** A guest that answered exactly what the model did. */
function echo(model: ReturnType<typeof runModel>, steps: number[]): GuestScenario {
  return { finished: true, notes: [], steps: new Map(steps.map((i) => [i, new Map(model[i - 1]!.values)])) };
}

describe("comparing the model with a kernel", () => {
  it("orders differences with the outcome first and marks missing answers", () => {
    const model = new Map([["outcome", "ok"], ["refs:D", "3"], ["vma:M.flags", "PFNMAP"]]);
    const guest = new Map([["outcome", "EINVAL"], ["refs:D", "3"]]);
    expect(differences(model, guest)).toEqual([
      { key: "outcome", model: "ok", kernel: "EINVAL" },
      { key: "vma:M.flags", model: "PFNMAP", kernel: "(no answer)" },
    ]);
  });

  it("reads the model's answers the way the guest prints them", () => {
    const sc = fixture()[0]!;
    const model = runModel(sc, "linux-6.12");
    const at = (i: number) => Object.fromEntries(model[i - 1]!.values);
    expect(at(2)).toEqual({ outcome: "ok", "refs:D": "3" });
    expect(at(9)).toMatchObject({ outcome: "ok", "vma:M1.file": "D", "vma:M1.pgoff": "0x100001", "refs:D": "4" });
    expect(at(9)["vma:M1.flags"]).toMatch(/PFNMAP/);
    expect(at(12)).toMatchObject({ outcome: "EFAULT" });
    expect(model[11]!.cite).toMatch(/^mm\/gup\.c: /);
  });

  it("agrees where the guest answered the same, counts model-only steps apart, and names a changed answer", () => {
    const sc = fixture()[0]!;
    const model = runModel(sc, "linux-6.12");
    const guestSteps = sc.plan.steps.filter((s) => s.op).map((s) => s.index);
    const same = compareScenario(sc.plan, sc.path, model, echo(model, guestSteps));
    expect(same.agree).toBe(same.compared);
    expect(same.compared).toBe(sc.plan.steps.length - 1);
    expect(same.steps.filter((s) => s.status === "model-only")).toHaveLength(1);
    const guest = echo(model, guestSteps);
    guest.steps.get(12)!.set("outcome", "ok");
    const changed = compareScenario(sc.plan, sc.path, model, guest);
    const bad = changed.steps.filter((s) => s.status === "disagree");
    expect(bad.map((s) => [s.line, s.status === "disagree" && s.differences])).toEqual([[22, [{ key: "outcome", model: "EFAULT", kernel: "ok" }]]]);
    expect(bad[0]!.status === "disagree" && bad[0]!.cite).toMatch(/^mm\/gup\.c/);
  });

  it("has every step disagree when the guest gave no answer", () => {
    const sc = scenario(`scenario "s"\nactors {\n  app: process\n}\nsteps {\n  app anon 4K as M\n}\n`);
    const v = compareScenario(sc.plan, sc.path, runModel(sc, "linux-6.12"), undefined);
    expect(v.agree).toBe(0);
    expect(v.compared).toBe(1);
  });
});
