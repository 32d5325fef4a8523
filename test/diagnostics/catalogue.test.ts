// The catalogue: stable, unique codes in the right ranges, and filled holes.
import { describe, expect, it } from "vitest";
import { catalogue, diag, message } from "../../src/diagnostics/catalogue.js";
import { pointAt } from "../../src/syntax/span.js";

describe("catalogue", () => {
  const entries = Object.entries(catalogue);

  it("gives every entry a unique code", () => {
    const codes = entries.map(([, e]) => e.code);
    const repeated = codes.filter((code, i) => codes.indexOf(code) !== i);
    expect(repeated).toEqual([]);
  });

  it("numbers codes SCN1xxx, SCN2xxx or SCN3xxx", () => {
    for (const [key, entry] of entries) expect(entry.code, key).toMatch(/^SCN[123]\d{3}$/);
  });

  it("keeps the syntax codes this front end reports where they are", () => {
    const syntax = Object.fromEntries(entries.filter(([, e]) => e.code.startsWith("SCN1")).map(([k, e]) => [k, e.code]));
    expect(syntax).toEqual({
      unexpectedCharacter: "SCN1001", unexpectedToken: "SCN1002", unterminatedString: "SCN1003", badNumber: "SCN1004",
      parallelPlanned: "SCN1005", noScenario: "SCN1006", missingNewline: "SCN1007", badEscape: "SCN1008", parserFailure: "SCN1009",
    });
  });

  it("fills holes and keeps doubled braces as braces", () => {
    expect(message("unexpectedToken", '"}"', "the end of the file")).toBe('expected "}", found the end of the file');
    expect(message("unknownActor", "gpu")).toBe("unknown actor `gpu`: declare it in `actors { … }`");
  });

  it("builds a diagnostic with its hint only when there is one", () => {
    const span = pointAt("", 0);
    expect(diag("noScenario", span)).not.toHaveProperty("hint");
    expect(diag("unexpectedToken", span, ["a", "b"], "h")).toMatchObject({ code: "SCN1002", severity: "error", hint: "h" });
  });
});
