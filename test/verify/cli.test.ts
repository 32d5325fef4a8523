import { describe, expect, it } from "vitest";
import { main, type CliIO } from "../../src/cli/cli.js";
import { FIXTURE } from "./helpers.js";

async function cli(argv: string[], stdin = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: { NO_COLOR: "1" }, isTTY: false, readStdin: async () => stdin };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe("verify and emit-c on the command line", () => {
  it("emit-c prints the program of one file", async () => {
    const r = await cli(["emit-c", FIXTURE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("/* Scenario 1: every guest step kind (test/verify/fixtures/guest.scn:2) */");
    expect(r.stdout).toContain("int main(void)");
  });

  it("emit-c wants exactly one file", async () => {
    expect(await cli(["emit-c"])).toMatchObject({ code: 2, stderr: expect.stringContaining("emit-c takes one .scn file") });
    expect(await cli(["emit-c", "test/verify/fixtures"])).toMatchObject({ code: 2, stderr: expect.stringContaining("is a directory") });
  });

  it("verify names the real kernels it can boot", async () => {
    const r = await cli(["verify", FIXTURE, "--kernel", "linux-5.10"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no real kernel for linux-5.10: verify boots linux-6.12, linux-7.2");
  });

  it("verify reports a wholly model-only input without booting anything", async () => {
    const text = `scenario "gpu only"\nactors {\n  amd: amdgpu\n  app: process\n}\nsteps {\n  amd create A size 4K\n}\n`;
    const r = await cli(["verify", "-"], text);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("- gpu only: model-only (<stdin>:1) 1 step");
    expect(r.stdout).toContain("model-only: amdgpu: no AMD GPU in the guest");
    expect(r.stdout.trimEnd().endsWith("0/0 steps agree")).toBe(true);
  });

  it("verify of an input without a scenario is invalid input", async () => {
    expect((await cli(["verify", "-"], "# nothing\n")).code).toBe(2);
  });
});
