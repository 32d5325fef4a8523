// The corpus as tests: every scenario of every `.scn` file under scenarios/
// is one test, judged as CI judges it: its steps, its expectations, and its
// golden state (a missing golden fails; nothing is ever written from here).
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { collectInputs } from "../src/cli/inputs.js";
import { runSource } from "../src/engine/run.js";
import { judgeGoldens, type GoldenVerdict } from "../src/engine/golden.js";
import type { FileResult } from "../src/engine/types.js";
import { formatDiagnostics } from "../src/diagnostics/print.js";
import { palette } from "../src/report/colors.js";
import { scenarioFailed } from "../src/report/reporter.js";
import { scenarioLines } from "../src/report/pretty-scenario.js";
import { goldenFileLines } from "../src/report/pretty-golden.js";

const ROOT = join(import.meta.dirname, "..");
const CI_MODE = { update: false, ci: true };
const files = collectInputs([join(ROOT, "scenarios")]).flatMap((i) => (i.kind === "file" ? [i.path] : []));

function runFile(path: string): FileResult | Error {
  try {
    return runSource(readFileSync(path, "utf8"), path);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

it("has scenarios under scenarios/", () => {
  expect(files.length).toBeGreaterThan(0);
});

for (const path of files) {
  describe(relative(ROOT, path), () => {
    const result = runFile(path);
    if (result instanceof Error) {
      it("runs", () => expect.fail(`internal error: ${result.message}`));
      return;
    }
    if (result.scenarios.length === 0) {
      it("is valid", () => expect.fail(formatDiagnostics(result.diagnostics, result.source, relative(ROOT, path))));
      return;
    }
    let goldens: Promise<GoldenVerdict[]> | undefined;
    const judged = () => (goldens ??= judgeGoldens(result, CI_MODE));
    for (const s of result.scenarios) {
      it(s.title, async () => {
        const verdicts = await judged();
        const report = [...scenarioLines(relative(ROOT, path), s, verdicts, palette(false)), ...goldenFileLines(verdicts, palette(false))];
        expect(scenarioFailed(s, verdicts), report.join("\n")).toBe(false);
      });
    }
  });
}
