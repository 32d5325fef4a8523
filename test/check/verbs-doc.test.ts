import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderVerbsDoc } from "../../src/check/verbs-doc.js";

const path = new URL("../../docs/verbs.md", import.meta.url);

describe("docs/verbs.md", () => {
  it("matches the verb table", () => {
    const text = renderVerbsDoc();
    if (process.env.UPDATE_DOCS) writeFileSync(path, text);
    expect(readFileSync(path, "utf8")).toBe(text);
  });
});
