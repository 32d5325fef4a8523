import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../src/cli/args.js";
import { rulesCommand, rulesText } from "../../src/cli/rules.js";
import type { CliIO } from "../../src/cli/cli.js";
import { NO_OPTIONS } from "../../src/cli/options.js";
import { allRules } from "../../src/model/index.js";

function capture(): { io: CliIO; out: () => string; err: () => string } {
  let out = "";
  let err = "";
  const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: {}, isTTY: false, readStdin: async () => "" };
  return { io, out: () => out, err: () => err };
}

describe("dmabuf-scn rules", () => {
  it("lists every rule with its cite", () => {
    const text = rulesText();
    for (const r of allRules()) expect(text).toContain(`  cite: ${r.cite}`);
  });

  it("filters by profile and prints JSON", async () => {
    const c = capture();
    expect(await rulesCommand({ ...NO_OPTIONS, kernels: ["linux-5.10"], format: "json" }, c.io)).toBe(0);
    const rows = JSON.parse(c.out()) as { id: string; profiles: string[] }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.profiles.includes("linux-5.10"))).toBe(true);
    expect(rows.length).toBeLessThan(allRules().length);
  });

  it("refuses paths, two profiles and unknown formats", async () => {
    expect(parseCommandLine(["rules", "x.scn"])).toMatchObject({ error: expect.stringContaining("rules takes no path") });
    expect(parseCommandLine(["rules", "--format", "xml"])).toMatchObject({ error: expect.stringContaining("text or json") });
    const c = capture();
    expect(await rulesCommand({ ...NO_OPTIONS, kernels: ["linux-5.10", "linux-6.1"] }, c.io)).toBe(2);
  });
});
