import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runSource } from "../../src/engine/run.js";

const first = readFileSync(new URL("../cli/fixtures/first-example.txt", import.meta.url), "utf8");

describe("runSource", () => {
  it("passes the first example of language.md unchanged", () => {
    const r = runSource(first, "first.scn");
    expect(r.diagnostics).toEqual([]);
    const sc = r.scenarios[0]!;
    expect(sc.steps.filter((s) => s.status === "fail")).toEqual([]);
    expect(sc.expectations.filter((e) => e.status === "fail")).toEqual([]);
    expect(sc.passed).toBe(true);
  });

  it("names the step, the expected and the actual outcome when an errno changes", () => {
    const changed = first.replace("flags probe as U1    => EFAULT", "flags probe as U1    => EPERM");
    const sc = runSource(changed, "first.scn").scenarios[0]!;
    expect(sc.passed).toBe(false);
    const failed = sc.steps.filter((s) => s.status === "fail");
    expect(failed).toHaveLength(1);
    expect(failed[0]!.span.startLine).toBe(18);
    expect(failed[0]!.expected).toBe("EPERM");
    expect(failed[0]!.observed).toMatchObject({ kind: "errno", errno: "EFAULT" });
    expect(failed[0]!.cite).toMatch(/^[\w/.-]+\.c: \w+/);
    expect(failed[0]!.message).toMatch(/^expected EPERM, the model answered EFAULT/);
  });

  it("fails an expectation that does not hold and says what the state held", () => {
    const changed = first.replace("D.refs == 4", "D.refs == 3");
    const sc = runSource(changed, "first.scn").scenarios[0]!;
    const failed = sc.expectations.filter((e) => e.status === "fail");
    expect(failed.map((e) => [e.text, e.actual])).toEqual([["D.refs == 3", "D.refs is 4"]]);
  });

  it("fails a step that fails without a written outcome", () => {
    const text = first.replace("intel use U2                         => EFAULT", "intel use U2");
    const sc = runSource(text, "first.scn").scenarios[0]!;
    const failed = sc.steps.filter((s) => s.status === "fail");
    expect(failed.map((s) => [s.expected, s.observed.kind])).toEqual([["ok", "errno"]]);
  });

  it("reports a later use of a name whose binding step failed as not run", () => {
    const text = `scenario "t"\nactors {\n  amd: amdgpu\n}\nsteps {\n  amd create A size 4K\n  app anon 4K as M\n  amd userptr M flags register as U => one of { ok, EACCES }\n  amd use U\n}\n`;
    const sc = runSource(text, "t.scn").scenarios[0]!;
    expect(sc.steps.map((s) => s.status)).toEqual(["pass", "pass", "pass", "pass"]);
  });

  it("reports a step whose kernel path refuses without an errno as refused, and passes it", () => {
    const text = `scenario "r"\nactors {\n  amd: amdgpu\n  gem: vgem\n}\nsteps {\n  amd create A size 64K domain vram\n  amd export A as D\n  gem import D as G\n  amd evict A\n}\nexpect {\n  A.domain == gtt\n}\n`;
    const sc = runSource(text, "r.scn").scenarios[0]!;
    expect(sc.passed).toBe(true);
    const evict = sc.steps[3]!;
    expect(evict.observed).toMatchObject({ kind: "ok", refused: { cite: expect.stringMatching(/\.c: \w+$/) } });
    expect(evict.cite).toBe((evict.observed as { refused: { cite: string } }).refused.cite);
  });

  it("6.x: unpinning an import that is not pinned still unpins its exporter (amdgpu_bo_unpin after ttm_bo_unpin's WARN)", () => {
    const text = (kernel: string) =>
      `scenario "u"\nkernel ${kernel}\nactors {\n  amd0: amdgpu\n  amd1: amdgpu\n  gem: vgem\n}\nsteps {\n  amd0 create A size 64K domain gtt\n  amd0 export A as D\n  gem import D as G\n  amd1 import D as B\n  amd1 unpin B\n}\n`;
    const pins = (kernel: string) => {
      const sc = runSource(text(kernel), "u.scn").scenarios[0]!;
      expect(sc.hazards.map((h) => [h.kind, h.objects])).toEqual([["refcount-underflow", ["B"]]]);
      return (sc.snapshot.objects as Record<string, { pins?: number }>).A!.pins;
    };
    expect(pins("linux-6.12")).toBe(0); // vgem's pin is gone: the exporter may move under it
    expect(pins("linux-5.10")).toBe(1); // 5.10 returns after the WARN
  });

  it("5.10: an export attached by another driver is shared: no VRAM placement (prime_shared_count)", () => {
    const text = (kernel: string) =>
      `scenario "s"\nkernel ${kernel}\nactors {\n  amd: amdgpu\n  intel: i915\n}\nsteps {\n  amd create A size 64K domain gtt\n  amd export A as D\n  intel import D as B\n  amd evict A to vram => one of { ok, EINVAL }\n}\n`;
    const answer = (kernel: string) => runSource(text(kernel), "s.scn").scenarios[0]!.steps[3]!.observed;
    expect(answer("linux-5.10")).toMatchObject({ kind: "errno", errno: "EINVAL", cite: "drivers/gpu/drm/amd/amdgpu/amdgpu_gem.c: amdgpu_gem_op_ioctl" });
    expect(answer("linux-6.12")).toMatchObject({ kind: "ok", refused: {} }); // not shared: pinned by the import, so refused
  });

  it("is deterministic", () => {
    expect(JSON.stringify(runSource(first, "a.scn"))).toBe(JSON.stringify(runSource(first, "a.scn")));
  });

  it("runs nothing in a file with a check error", () => {
    const r = runSource(first.replace("intel use U2", "intel uze U2"), "x.scn");
    expect(r.scenarios).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["SCN2003"]);
  });
});
