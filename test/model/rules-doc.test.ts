// docs/rules.md is generated from the rule table and must not drift; every
// rule carries a well-formed cite and the profiles it holds for.
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CITE_FORM, PROFILES, renderRulesDoc, ruleRows } from "../../src/model/index.js";

const path = new URL("../../docs/rules.md", import.meta.url);

describe("docs/rules.md", () => {
  it("matches the rule table", () => {
    const text = renderRulesDoc();
    if (process.env.UPDATE_DOCS) writeFileSync(path, text);
    expect(readFileSync(path, "utf8")).toBe(text);
  });

  it("lists every rule with a well-formed cite and at least one profile", () => {
    const rows = ruleRows();
    expect(rows.length).toBeGreaterThan(150);
    for (const r of rows) {
      expect(r.cite, r.id).toMatch(CITE_FORM);
      expect(r.profiles.length, r.id).toBeGreaterThan(0);
      for (const p of r.profiles) expect(PROFILES).toContain(p);
    }
  });

  it("filters by profile", () => {
    const all = ruleRows().length;
    for (const p of PROFILES) {
      const rows = ruleRows(p);
      expect(rows.length).toBeLessThan(all);
      expect(rows.every((r) => r.profiles.includes(p))).toBe(true);
    }
    expect(ruleRows("linux-5.10").map((r) => r.id)).toContain("rdma.uverbs-no-method");
    expect(ruleRows("linux-6.12").map((r) => r.id)).not.toContain("rdma.uverbs-no-method");
  });
});
