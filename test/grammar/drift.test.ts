// The generated grammar artefacts (grammar/cst.d.ts, grammar/diagrams.html)
// must match grammar/parser.ts. Regenerate with:
//   UPDATE_GRAMMAR=1 npx vitest run test/grammar/drift.test.ts
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createSyntaxDiagramsCode, generateCstDts } from "chevrotain";
import { describe, expect, it } from "vitest";
import { ScnParser } from "../../grammar/parser.js";

const grammarDir = fileURLToPath(new URL("../../grammar/", import.meta.url));
const parser = new ScnParser({ validate: true });

const generated: Record<string, () => string> = {
  "cst.d.ts": () =>
    "// Generated from grammar/parser.ts by test/grammar/drift.test.ts: do not edit.\n" +
    "// Regenerate with UPDATE_GRAMMAR=1 npx vitest run test/grammar/drift.test.ts\n" +
    generateCstDts(parser.getGAstProductions()),
  "diagrams.html": () =>
    "<!-- Generated from grammar/parser.ts by test/grammar/drift.test.ts: do not edit.\n" +
    "     Regenerate with UPDATE_GRAMMAR=1 npx vitest run test/grammar/drift.test.ts -->\n" +
    createSyntaxDiagramsCode(parser.getSerializedGastProductions()),
};

describe("generated grammar files", () => {
  for (const [name, generate] of Object.entries(generated)) {
    it(`grammar/${name} is in step with grammar/parser.ts`, () => {
      const path = grammarDir + name;
      const want = generate();
      if (process.env.UPDATE_GRAMMAR) writeFileSync(path, want);
      let have = "";
      try {
        have = readFileSync(path, "utf8");
      } catch {
        // a missing file is drift like any other
      }
      const help = `grammar/${name} is out of date: run UPDATE_GRAMMAR=1 npx vitest run test/grammar/drift.test.ts`;
      expect(have === want, help).toBe(true);
    });
  }

  it("grammar/README.md has an EBNF production for every parser rule", () => {
    const readme = readFileSync(grammarDir + "README.md", "utf8");
    const missing = Object.keys(parser.getGAstProductions()).filter((rule) => !new RegExp(`^${rule}\\s+::=`, "m").test(readme));
    expect(missing, "rules without a production in grammar/README.md").toEqual([]);
  });
});
