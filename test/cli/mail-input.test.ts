// `run` given a mail, in process: when a text is a mail, how its scenarios
// come back as one file result at the mail's lines, and how a result block's
// claim becomes an expectation of the scenario it follows.
import { describe, expect, it } from "vitest";
import { checkFile } from "../../src/check/check.js";
import { runChecked } from "../../src/engine/run.js";
import type { FileJob } from "../../src/engine/workers.js";
import { SELECT_ALL } from "../../src/engine/select.js";
import { mailScenarios, runText } from "../../src/cli/mail-input.js";
import { mailText } from "../../src/report/mail.js";
import { version } from "../../src/cli/version.js";
import { parseScn } from "../../src/syntax/parse.js";
import { firstExample } from "../syntax/helpers.js";

const JOB: FileJob = { sel: SELECT_ALL, mode: { update: false, ci: true }, keepSnapshots: false };
const SMALL = 'scenario "small"\nactors {\n  app: process\n}\nsteps {\n  app anon 4K as M\n  app touch M\n}\nexpect {\n  M.ptes == 1\n}\n';

function mailOf(text: string): string {
  const sc = checkFile(parseScn(text).file).scenarios[0]!;
  return mailText([{ text, results: [runChecked(sc, text)] }], { version: version() });
}

const quote = (text: string) => text.replace(/^/gm, "> ");

describe("mailScenarios", () => {
  it("leaves a bare .scn text to run as it is, with or without errors", () => {
    expect(mailScenarios(firstExample)).toBeUndefined();
    expect(mailScenarios(firstExample.replace("create", "creat"))).toBeUndefined();
    expect(mailScenarios("no scenario at all\n")).toBeUndefined();
  });

  it("takes quoted text, a result block, or prose around clean scenarios as a mail", () => {
    expect(mailScenarios(quote(SMALL))).toHaveLength(1);
    expect(mailScenarios(mailOf(SMALL))).toHaveLength(1);
    expect(mailScenarios(`Hello,\n\n${SMALL}\nBye\n`)).toHaveLength(1);
  });
});

describe("runText", () => {
  it("runs every scenario of a mail at its own lines and judges each result block", async () => {
    const mail = `Two cases:\n\n${quote(mailOf(SMALL))}\nand\n\n${quote(quote(mailOf(firstExample)))}\n`;
    const lineOf = (re: RegExp) => mail.split("\n").flatMap((l, i) => (re.test(l) ? [i + 1] : []));
    const [small, first] = lineOf(/^[> ]*scenario "/);
    const results = lineOf(/^[> ]*Result: /);
    const run = await runText(mail, "<stdin>", JOB);
    const { result } = run;
    expect(result.diagnostics).toEqual([]);
    expect(result.scenarios.map((s) => [s.title, s.span.startLine, s.passed])).toEqual([
      ["small", small, true],
      ["userptr of an mmapped dma-buf is rejected", first, true],
    ]);
    expect(small).toBe(3);
    expect(result.source.split("\n")[2]).toBe('scenario "small"');
    expect(result.source.split("\n").length).toBe(mail.split("\n").length);
    const claims = result.scenarios.map((s) => s.expectations.filter((e) => e.text.startsWith("the mail's result")));
    expect(claims.map((c) => c.map((e) => [e.text, e.status, e.span.startLine]))).toEqual([
      [["the mail's result holds", "pass", results[0]]],
      [["the mail's result holds", "pass", results[1]]],
    ]);
    expect(result.source.split("\n")[results[0]! - 1]).toBe("");
    expect(run.goldens).toEqual([]);
  });

  it("fails the scenario on each difference, at the result block's line", async () => {
    const mail = quote(mailOf(SMALL).replace("  expect 1  holds ", "  expect 1  fails ").replace("  step 2    ok ", "  step 2    EFAULT"));
    const s = (await runText(mail, "m.eml", JOB)).result.scenarios[0]!;
    expect(s.passed).toBe(false);
    expect(s.expectations.filter((e) => e.status === "fail").map((e) => [e.text, e.span.startLine, e.message])).toEqual([
      ["the mail's result", 16, "step 2 `app touch M`: the mail says EFAULT, this run answers ok"],
      ["the mail's result", 16, "expect 1 `M.ptes == 1`: the mail says it fails, here it holds (M.ptes is 1)"],
    ]);
  });

  it("undoes a mail client's re-wrapping at 72 columns, quote markers repeated or lost", async () => {
    const wrap = (text: string, requote: boolean) =>
      text.split("\n").flatMap((line) => {
        const out: string[] = [];
        let rest = line;
        while (rest.length > 72 && rest.lastIndexOf(" ", 72) > 2) {
          const cut = rest.lastIndexOf(" ", 72);
          out.push(rest.slice(0, cut));
          rest = (requote ? "> " : "") + rest.slice(cut + 1);
        }
        return [...out, rest];
      }).join("\n");
    for (const requote of [true, false]) {
      const mail = wrap(quote(mailOf(firstExample)), requote);
      expect(mail).not.toBe(quote(mailOf(firstExample)));
      const { result } = await runText(mail, "<stdin>", JOB);
      expect(result.diagnostics).toEqual([]);
      expect(result.scenarios[0]!.expectations.map((e) => [e.text, e.status, e.message])).toContainEqual(["the mail's result holds", "pass", undefined]);
      expect(result.scenarios[0]!.passed).toBe(true);
    }
  });

  it("runs a bare .scn text as before", async () => {
    const run = await runText(SMALL, "<stdin>", JOB);
    expect(run.result.source).toBe(SMALL);
    expect(run.result.scenarios.map((s) => s.passed)).toEqual([true]);
  });
});
