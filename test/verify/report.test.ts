import { describe, expect, it } from "vitest";
import { palette } from "../../src/report/colors.js";
import { compareScenario } from "../../src/verify/compare.js";
import { kernelDifferences } from "../../src/verify/kernel-diff.js";
import { runModel } from "../../src/verify/model-side.js";
import { kernelDifferencesText, kernelSectionText, summaryText, type KernelSection } from "../../src/verify/report.js";
import type { GuestResults } from "../../src/verify/results.js";
import { fixture } from "./helpers.js";

const plain = palette(false);

function guestOf(values: Map<number, Map<string, string>>): GuestResults {
  return { release: "6.12.118+deb13-amd64", version: "#1", scenarios: new Map([[1, { finished: true, notes: [], steps: values }]]) };
}

describe("the verification report", () => {
  const sc = fixture()[0]!;
  const model = runModel(sc, "linux-6.12");
  const answers = () => new Map(sc.plan.steps.filter((s) => s.op).map((s) => [s.index, new Map(model[s.index - 1]!.values)]));

  it("names the step, both answers and the model's rule for a disagreement, and the totals", () => {
    const values = answers();
    values.get(12)!.set("outcome", "ok");
    const verdict = compareScenario(sc.plan, sc.path, model, guestOf(values).scenarios.get(1));
    const section: KernelSection = { profile: "linux-6.12", notes: ["kernel drift: booted 6.12.119+deb13-amd64, last verified on 6.12.118+deb13-amd64"], scenarios: [verdict], booted: { release: "6.12.119+deb13-amd64", version: "#1", package: "linux-image-6.12.119+deb13-amd64", packageVersion: "6.12.119-1" } };
    const text = kernelSectionText(section, plain);
    expect(text).toContain("linux-6.12: booted Linux 6.12.119+deb13-amd64 (linux-image-6.12.119+deb13-amd64 6.12.119-1) under qemu");
    expect(text).toContain("  kernel drift: booted 6.12.119+deb13-amd64, last verified on 6.12.118+deb13-amd64");
    expect(text).toContain("✗ every guest step kind (test/verify/fixtures/guest.scn:2) 19/20 steps agree, 1 model-only");
    expect(text).toMatch(/✗ test\/verify\/fixtures\/guest\.scn:22 app pin M1 longterm => EFAULT\n {6}outcome: the model answered EFAULT, the kernel ok\n {6}rule: mm\/gup\.c: /);
    expect(summaryText([section, { profile: "linux-7.2", notes: [], scenarios: [], unavailable: "no package" }], plain)).toBe(
      "linux-6.12 (6.12.119+deb13-amd64): 19/20 steps agree, 1 model-only\nlinux-7.2: kernel unavailable\n19/20 steps agree\n",
    );
  });

  it("lists where two real kernels answered differently", () => {
    const a = answers();
    const b = answers();
    b.get(9)!.set("vma:M1.flags", "PFNMAP");
    const diffs = kernelDifferences([sc], [guestOf(a), guestOf(b)]);
    expect(diffs.map((d) => [d.line, d.differences.map((x) => x.key)])).toEqual([[19, ["vma:M1.flags"]]]);
    expect(kernelDifferencesText(["linux-6.12", "linux-7.2"], diffs, plain)).toContain("where the real kernels differ (linux-6.12 vs linux-7.2): 1 step");
  });
});
