// Error messages as golden files, like TypeScript's .errors.txt baselines:
// each fixtures/NAME.scn has a fixtures/NAME.errors.txt holding its printed
// diagnostics (empty for a clean file). Regenerate with:
//   UPDATE_FIXTURES=1 npx vitest run test/diagnostics/errors.test.ts
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatDiagnostics } from "../../src/diagnostics/print.js";
import { parseScn } from "../../src/syntax/parse.js";

const dir = fileURLToPath(new URL("./fixtures/", import.meta.url));
const fixtures = readdirSync(dir).filter((f) => f.endsWith(".scn")).sort();

describe("error baselines", () => {
  it("has fixtures", () => {
    expect(fixtures.length).toBeGreaterThan(5);
  });

  for (const name of fixtures) {
    it(name, () => {
      const source = readFileSync(dir + name, "utf8");
      const printed = formatDiagnostics(parseScn(source).diagnostics, source, name);
      const want = printed === "" ? "" : `${printed}\n`;
      const baseline = dir + name.replace(/\.scn$/, ".errors.txt");
      if (process.env.UPDATE_FIXTURES) writeFileSync(baseline, want);
      const have = existsSync(baseline) ? readFileSync(baseline, "utf8") : undefined;
      const help = `${baseline} differs: review the change, then run UPDATE_FIXTURES=1 npx vitest run test/diagnostics/errors.test.ts`;
      expect(have, help).toBe(want);
    });
  }
});
