import { describe, expect, it } from "vitest";
import { markedLines } from "../../src/verify/boot.js";
import { parseResults } from "../../src/verify/results.js";

const CONSOLE = [
  "\x1b[2J\x1b[01;01HBooting from ROM..\x1b[2J=== RESULTS BEGIN\r",
  "K 6.12.118+deb13-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.12.118-1 (2026-11-20)\r",
  "S 1\r",
  "I 1 device gem unavailable ENODEV\r",
  "R 1 1 outcome ok\r",
  "R 1 1 vma:M.flags DONTDUMP,DONTEXPAND,PFNMAP\r",
  "[    3.141592] a kernel message in between\r",
  "R 1 2 refs:D 3\r",
  "E 1\r",
  "S 2\r",
  "R 2 1 outcome not-run:D\r",
  "=== RESULTS END\r",
  "reboot: Power down\r",
].join("\n");

describe("reading the guest's answers", () => {
  it("finds the markers anywhere in a line and drops carriage returns", () => {
    const lines = markedLines(CONSOLE)!;
    expect(lines[0]).toBe("K 6.12.118+deb13-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.12.118-1 (2026-11-20)");
    expect(lines.at(-1)).toBe("R 2 1 outcome not-run:D");
    expect(markedLines("no markers here\n")).toBeUndefined();
  });

  it("reads the kernel, each scenario's answers, notes, and whether it finished", () => {
    const r = parseResults(markedLines(CONSOLE)!);
    expect(r.release).toBe("6.12.118+deb13-amd64");
    expect(r.version).toBe("#1 SMP PREEMPT_DYNAMIC Debian 6.12.118-1 (2026-11-20)");
    const one = r.scenarios.get(1)!;
    expect(one.finished).toBe(true);
    expect(one.notes).toEqual(["device gem unavailable ENODEV"]);
    expect([...one.steps.get(1)!]).toEqual([["outcome", "ok"], ["vma:M.flags", "DONTDUMP,DONTEXPAND,PFNMAP"]]);
    expect(one.steps.get(2)!.get("refs:D")).toBe("3");
    expect(r.scenarios.get(2)!.finished).toBe(false);
  });
});
