// Loading the verify fixtures: parsed, checked and planned scenarios.
import { readFileSync } from "node:fs";
import { loadSource, type LoadedScenario } from "../../src/verify/load.js";

export const FIXTURE = "test/verify/fixtures/guest.scn";

export function fixture(): LoadedScenario[] {
  const text = readFileSync(new URL("./fixtures/guest.scn", import.meta.url), "utf8");
  const file = loadSource(text, FIXTURE);
  if (file.diagnostics.length > 0) throw new Error(file.diagnostics.map((d) => d.message).join("\n"));
  return file.scenarios;
}

export function scenario(text: string): LoadedScenario {
  const file = loadSource(text, "inline.scn");
  if (file.diagnostics.some((d) => d.severity === "error")) throw new Error(file.diagnostics.map((d) => d.message).join("\n"));
  return file.scenarios[0]!;
}
