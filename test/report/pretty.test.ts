// The pretty reporter on hand-made results: ✓/✗ lines, failure details,
// hazards, golden findings, diagnostics, the summary, colour on and off.
import { describe, expect, it } from "vitest";
import { colorEnabled, palette } from "../../src/report/colors.js";
import { PrettyReporter } from "../../src/report/pretty.js";
import { emptySummary, exitCode, tally, type FileReport, type RunSummary } from "../../src/report/reporter.js";
import type { GoldenVerdict } from "../../src/engine/golden.js";
import { epermStep, failingStep, fileResult, scenario, span } from "./fixtures.js";

const ANSI = /\x1b\[[0-9;]*m/;

function render(reports: FileReport[], color = false, command: "run" | "check" = "run"): { text: string; summary: RunSummary } {
  let text = "";
  const r = new PrettyReporter({ command, write: (t) => (text += t), colors: palette(color) });
  const summary = emptySummary(command);
  for (const rep of reports) {
    r.onFileStart(rep.result.path);
    tally(summary, rep);
    r.onFileResult(rep);
  }
  r.onEnd(summary);
  return { text, summary };
}

const mismatch: GoldenVerdict = {
  kind: "mismatch",
  file: "x.golden.yaml",
  title: "golden drift",
  diff: "--- x.golden.yaml\n+++ actual state\n@@ -3,3 +3,3 @@\n   D:\n-    refs: 3\n+    refs: 4\n",
  changes: [{ path: "objects.D.refs", expected: 3, actual: 4 }],
};

describe("pretty reporter", () => {
  it("prints a ✓ line per passing scenario and the summary last", () => {
    const { text, summary } = render([{ result: fileResult("x.scn", [scenario("userptr of an mmapped dma-buf is rejected")]), goldens: [] }]);
    expect(text).toBe("✓ userptr of an mmapped dma-buf is rejected  x.scn:3\n\n1 passed, 0 failed\n");
    expect(exitCode(summary)).toBe(0);
  });

  it("shows where a step failed, what was expected, what the model answered and the rule", () => {
    const s = scenario("userptr probe", { steps: [failingStep, epermStep], passed: false });
    const { text, summary } = render([{ result: fileResult("scenarios/x.scn", [s]), goldens: [] }]);
    expect(text).toBe(
      [
        "✗ userptr probe  scenarios/x.scn:3",
        "    scenarios/x.scn:21:3: step 4: intel userptr M flags probe as U1 => EFAULT",
        "      expected EFAULT, the model answered ok",
        "      rule: drivers/gpu/drm/i915/gem/i915_gem_userptr.c: probe_range",
        "    scenarios/x.scn:25:3: step 8: amd userptr M flags anononly|register|validate as U3",
        "      expected ok, the model answered EPERM: vm_file is set on an anononly userptr",
        "      rule: drivers/gpu/drm/amd/amdgpu/amdgpu_gem.c: amdgpu_gem_userptr_ioctl",
        "",
        "0 passed, 1 failed",
        "",
      ].join("\n"),
    );
    expect(exitCode(summary)).toBe(1);
  });

  it("shows a failed expectation with what the state held, and lists hazards", () => {
    const s = scenario("refs", {
      expectations: [{ span: span(30), text: "D.refs == 4", status: "fail", actual: "D.refs is 3", message: "does not hold: D.refs is 3" }],
      hazards: [{ kind: "stale-pte", objects: ["M"], step: 5, message: "a PTE still maps VRAM the buffer left", cite: "mm/memory.c: zap_vma_ptes" }],
      passed: false,
    });
    const { text } = render([{ result: fileResult("x.scn", [s]), goldens: [] }]);
    expect(text).toContain("    x.scn:30:3: expect D.refs == 4\n      the state held: D.refs is 3\n");
    expect(text).toContain("    hazard stale-pte on M (after step 5): a PTE still maps VRAM the buffer left\n      rule: mm/memory.c: zap_vma_ptes\n");
  });

  it("shows a golden mismatch with the object paths and the diff, coloured on a terminal", () => {
    const report = { result: fileResult("x.scn", [scenario("golden drift")]), goldens: [mismatch] };
    const plain = render([report]).text;
    expect(plain).toContain("✗ golden drift  x.scn:3\n    golden differs: x.golden.yaml\n      objects.D.refs: 3 → 4\n      --- x.golden.yaml\n");
    expect(plain).toContain("      -    refs: 3\n      +    refs: 4\n      run with -u to accept the new state\n");
    expect(plain).not.toMatch(ANSI);
    const coloured = render([report], true).text;
    expect(coloured).toContain("\x1b[31m-    refs: 3\x1b[39m");
    expect(coloured).toContain("\x1b[32m+    refs: 4\x1b[39m");
    expect(render([report]).summary.failed).toBe(1);
  });

  it("reports goldens written, missing under CI, and obsolete titles", () => {
    const goldens: GoldenVerdict[] = [
      { kind: "missing-written", file: "x.golden.yaml", title: "a" },
      { kind: "missing-ci", file: "x.golden.yaml", title: "b" },
      { kind: "obsolete", file: "x.golden.yaml", titles: ["old"], removed: false },
    ];
    const { text, summary } = render([{ result: fileResult("x.scn", [scenario("a"), scenario("b")]), goldens }]);
    expect(text).toContain("✓ a  x.scn:3\n    golden written: x.golden.yaml\n");
    expect(text).toContain("✗ b  x.scn:3\n    golden missing: x.golden.yaml has no entry");
    expect(text).toContain('golden x.golden.yaml holds 1 title no scenario has any more: "old" (run with --prune to remove)');
    expect(text.endsWith("goldens: 1 written, 1 obsolete\n1 passed, 1 failed\n")).toBe(true);
    expect(exitCode(summary)).toBe(1);
  });

  it("prints diagnostics of an invalid file and counts it on its own line before the last", () => {
    const source = 'scenario "x"\nsteps {\n  amd expot A as D\n}\n';
    const invalid = fileResult("bad.scn", [], {
      source,
      diagnostics: [{ code: "SCN2003", severity: "error", message: "`expot` is not a verb of a amdgpu actor", span: { ...span(3, 7), endColumn: 12 }, hint: "did you mean `export`?" }],
    });
    const { text, summary } = render([{ result: invalid, goldens: [] }, { result: fileResult("ok.scn", [scenario("fine")]), goldens: [] }]);
    expect(text).toContain("bad.scn:3:7: error SCN2003: `expot` is not a verb of a amdgpu actor\n  3 |   amd expot A as D\n    |       ^^^^^\n");
    expect(text).toContain("✗ bad.scn: 1 error, no scenario ran\n");
    expect(text.endsWith("\n1 invalid file\n1 passed, 0 failed\n")).toBe(true);
    expect(exitCode(summary)).toBe(2);
  });

  it("summarises check as valid and invalid files", () => {
    const { text } = render([{ result: fileResult("ok.scn", []), goldens: [] }], false, "check");
    expect(text).toBe("✓ ok.scn\n\n1 valid, 0 invalid\n");
  });
});

describe("colour", () => {
  it("is on for a terminal, off for a pipe, off with NO_COLOR, forced with FORCE_COLOR, never because of CI", () => {
    expect(colorEnabled({}, true)).toBe(true);
    expect(colorEnabled({}, false)).toBe(false);
    expect(colorEnabled({ CI: "true" }, false)).toBe(false);
    expect(colorEnabled({ NO_COLOR: "1" }, true)).toBe(false);
    expect(colorEnabled({ NO_COLOR: "" }, true)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: "1" }, false)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: "0" }, true)).toBe(false);
    expect(colorEnabled({ NO_COLOR: "1", FORCE_COLOR: "1" }, true)).toBe(false);
    expect(colorEnabled({ TERM: "dumb" }, true)).toBe(false);
  });
});
