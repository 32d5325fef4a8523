// `mail`: the scenario formatted, its result block and trailer, within 78
// columns; and the result block read back from a quoted mail, which holds for
// the same run and names the step, expectation or hazard an edit changed.
import { describe, expect, it } from "vitest";
import { checkFile } from "../../src/check/check.js";
import { runChecked, runSource } from "../../src/engine/run.js";
import type { ScenarioResult } from "../../src/engine/types.js";
import { checkClaim, isEmptyClaim, readClaim } from "../../src/report/mail-claim.js";
import { mailText, resultBlock, rulesHash, scenarioHash } from "../../src/report/mail.js";
import { findScenarios } from "../../src/syntax/email.js";
import { parseScn } from "../../src/syntax/parse.js";
import { firstExample } from "../syntax/helpers.js";
import { scenario, step } from "./fixtures.js";

const INFO = { version: "0.1.0" };

function mailOf(text: string): string {
  const sc = checkFile(parseScn(text).file).scenarios[0]!;
  return mailText([{ text, results: [runChecked(sc, text)] }], INFO);
}

/** The claim of the first scenario of a (quoted) mail, judged against a fresh run of the scenario found. */
function judge(mail: string, version = INFO.version) {
  const [found] = findScenarios(mail);
  const run = runSource(found!.source, "<stdin>").scenarios[0]!;
  return checkClaim(readClaim(found!.result!.line, found!.result!.lines), run, found!.source, version);
}

const quoted = (text: string) => text.replace(/^/gm, "> ");

describe("mailText", () => {
  const mail = mailOf(firstExample);

  it("prints the scenario formatted, then the result block and the trailer", () => {
    const tail = mail.slice(mail.indexOf("\nResult:") + 1);
    expect(mail.startsWith("# dri-devel, 2020-09-17:")).toBe(true);
    expect(mail).toContain("\n  amd   export A as D  # PRIME handle-to-fd; the fd lands in app\n");
    expect(tail).toBe(`Result: userptr of an mmapped dma-buf is rejected
            linux-6.12
  step 1    ok          amd create A size 2M domain vram
  step 2    ok          amd export A as D
  step 3    ok          app mmap D as M
  step 4    EFAULT      intel userptr M flags probe as U1
  step 5    ok          intel userptr M as U2
  step 6    EFAULT      intel use U2
  step 7    EFAULT      nic reg-mr M as R1
  step 8    EPERM       amd userptr M flags anononly|register|validate as U3
  step 9    EFAULT      amd userptr M flags register|validate as U4
  step 10   ENXIO       app find-bo amd M
  expect 1  holds       M.file == D
  expect 2  holds       M.flags has PFNMAP
  expect 3  holds       D.refs == 4
  expect 4  holds       hazards == none
  hazards   none
  verdict   passed
  dmabuf-scn 0.1.0, linux-6.12, no knobs
  rules ${rulesHash()}, scenario ${scenarioHash(firstExample)}
`);
  });

  it("is plain text within 78 columns: no tab, no trailing blank, no colour", () => {
    for (const line of mail.split("\n")) {
      expect(line.length).toBeLessThanOrEqual(78);
      expect(line).not.toMatch(/\t| $|\u001b/);
    }
  });

  it("wraps a comment line wider than 78 columns", () => {
    const text = firstExample.replace("# into a dma-buf", `# ${"word ".repeat(20)}\n# into a dma-buf`);
    for (const line of mailOf(text).split("\n")) expect(line.length).toBeLessThanOrEqual(78);
  });

  it("shows failed steps and expectations with what was expected, and the hazards", () => {
    const r = scenario("t", {
      steps: [step(1, 15, "amd create A size 2M"), step(2, 16, "app touch M => SIGBUS", { expected: "SIGBUS", status: "fail" })],
      expectations: [{ span: step(1, 30, "").span, text: "D.refs == 4", status: "fail", actual: "D.refs is 3" }],
      hazards: [{ kind: "stale-pte", objects: ["M", "A"], step: 2, message: "m" }, { kind: "leaked-pin", objects: ["R"], step: 0, message: "m" }],
      passed: false,
    });
    expect(resultBlock("scenario \"t\"", [r], INFO).slice(2, 8)).toEqual([
      "  step 1    ok          amd create A size 2M",
      "  step 2    ok          (expected SIGBUS) app touch M",
      "  expect 1  fails       D.refs == 4 (D.refs is 3)",
      "  hazard    stale-pte on M, A after step 2",
      "  hazard    leaked-pin on R at the end",
      "  verdict   failed: step 2, expect 1",
    ]);
  });

  it("puts several profiles side by side and marks the steps where they differ", () => {
    const own = scenario("t");
    const other = scenario("t", { profile: "linux-6.1", steps: [step(1, 15, "amd create A size 2M domain vram"), step(2, 16, "amd export A as D", { observed: { kind: "errno", errno: "EINVAL", reason: "r", cite: "c" } })] });
    const lines = resultBlock("scenario \"t\"", [own, other], INFO);
    expect(lines.slice(1, 4)).toEqual([
      "            linux-6.12  linux-6.1",
      "  step 1    ok          ok          amd create A size 2M domain vram",
      "* step 2    ok          EINVAL      amd export A as D",
    ]);
  });
});

describe("hashes", () => {
  it("hash the rules and the scenario's tokens, 12 hex digits, layout and comments aside", () => {
    expect(rulesHash()).toMatch(/^[0-9a-f]{12}$/);
    expect(rulesHash()).toBe(rulesHash());
    const h = scenarioHash(firstExample);
    expect(h).toMatch(/^[0-9a-f]{12}$/);
    expect(scenarioHash(firstExample.replace(/#[^\n]*/g, "").replace(/ {2,}/g, "\t"))).toBe(h);
    expect(scenarioHash(`\n\n${firstExample.replace(/\n/g, "\n\n")}`)).toBe(h);
    expect(scenarioHash(firstExample.replace("size 2M", "size 4M"))).not.toBe(h);
  });
});

describe("a mail's result read back", () => {
  const mail = mailOf(firstExample);

  it("holds for the same scenario, quoted once or twice", () => {
    expect(judge(quoted(mail))).toEqual({ holds: true, differences: [], notes: [] });
    expect(judge(quoted(quoted(mail))).holds).toBe(true);
    expect(judge(mail).holds).toBe(true);
  });

  it("names the step whose outcome was edited", () => {
    const edited = mail.replace("  step 4    EFAULT ", "  step 4    EPERM  ");
    const check = judge(quoted(edited));
    expect(check.holds).toBe(false);
    expect(check.differences).toHaveLength(1);
    expect(check.differences[0]).toMatch(/^step 4 `intel userptr M flags probe as U1 => EFAULT`: the mail says EPERM, this run answers EFAULT \(.+\)$/);
  });

  it("names an edited expectation verdict, an edited verdict and a hazard the run does not have", () => {
    const edited = mail
      .replace("  expect 3  holds ", "  expect 3  fails ")
      .replace("  verdict   passed", "  verdict   failed: expect 3")
      .replace("  hazards   none", "  hazard    stale-pte on M after step 3");
    expect(judge(edited).differences).toEqual([
      "expect 3 `D.refs == 4`: the mail says it fails, here it holds (D.refs is 4)",
      "hazard stale-pte on M after step 3: in the mail, not in this run",
      "verdict: the mail says failed, this run passed",
    ]);
  });

  it("notes another tool version, other rules and another text of the scenario", () => {
    const other = mail.replace(/rules [0-9a-f]{12}, scenario [0-9a-f]{12}/, "rules 000000000000, scenario 111111111111");
    expect(judge(other, "9.9.9").notes).toEqual([
      "the mail's result was made with dmabuf-scn 0.1.0; this is 9.9.9",
      `the model's rules differ from the mail's (rules 000000000000; here ${rulesHash()})`,
      `the scenario differs from the one the result was made for (scenario 111111111111; here ${scenarioHash(firstExample)})`,
    ]);
  });

  it("reports a step the mail claims but the scenario no longer has, and knows a block with nothing to check", () => {
    const r: ScenarioResult = scenario("t");
    const claim = readClaim(1, ["Result: t", "  step 1    ok", "  step 3    ok", "  verdict   passed"]);
    expect(checkClaim(claim, r, "", "0.1.0").differences).toEqual(["step 3: the mail says ok, but the scenario has 2 steps"]);
    expect(isEmptyClaim(readClaim(1, ["Result: t", "  nothing to check here"]))).toBe(true);
    expect(isEmptyClaim(claim)).toBe(false);
  });
});
