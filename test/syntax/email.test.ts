// Finding scenarios in an email: quoted at any depth, among prose and
// interleaved replies, with lines a mail client broke joined back only when
// the broken piece cannot stand alone, and the result block after each.
import { describe, expect, it } from "vitest";
import { findScenarios, isMailText, mailLines } from "../../src/syntax/email.js";
import { parseScn } from "../../src/syntax/parse.js";
import { firstExample } from "./helpers.js";

const SCN = `scenario "t"
actors {
  amd: amdgpu
  app: process
}
steps {
  amd create A size 2M
  amd export A as D
  app mmap D as M                 # the fd
}
expect {
  M.file == D
}`;

const quote = (text: string, prefix: string) => text.split("\n").map((l) => (l === "" ? prefix.trimEnd() : prefix + l)).join("\n");
/** The found scenario's non-blank lines. */
const body = (source: string) => source.split("\n").filter((l) => l.trim() !== "");
const clean = (source: string) => parseScn(source).diagnostics.filter((d) => d.severity === "error");

describe("mailLines", () => {
  it("reads the quote depth of `> `, `>> `, `> > ` and `>` prefixes", () => {
    expect(mailLines("> a\n>> b\n> > c\n>d\n  > e\nf\n>\n").map((l) => [l.depth, l.text])).toEqual([
      [1, "a"], [2, "b"], [2, "c"], [1, "d"], [1, "e"], [0, "f"], [1, ""], [0, ""],
    ]);
  });
});

describe("findScenarios", () => {
  it("finds a bare scenario, its lines where they are", () => {
    const [s, ...rest] = findScenarios(`Hi,\n\nhere it is:\n\n${SCN}\n\nThanks\n`);
    expect(rest).toEqual([]);
    expect(s!.firstLine).toBe(5);
    expect(s!.lastLine).toBe(17);
    expect(s!.source.split("\n")[4]).toBe('scenario "t"');
    expect(body(s!.source)).toEqual(SCN.split("\n"));
    expect(clean(s!.source)).toEqual([]);
  });

  for (const prefix of ["> ", ">> ", "> > ", ">"]) {
    it(`unquotes a scenario quoted with ${JSON.stringify(prefix)}`, () => {
      const [s] = findScenarios(`On Mon, someone wrote:\n${quote(SCN, prefix)}\n\nI disagree.\n`);
      expect(body(s!.source).map((l) => l.trim())).toEqual(SCN.split("\n").map((l) => l.trim()));
      expect(clean(s!.source)).toEqual([]);
    });
  }

  it("skips reply lines interleaved with a quoted scenario", () => {
    const mail = quote(SCN, "> ").replace("> amd export A as D", "Why 2M?\n\n> amd export A as D");
    const [s] = findScenarios(mail);
    expect(body(s!.source)).not.toContain("Why 2M?");
    expect(clean(s!.source)).toEqual([]);
  });

  it("skips a reply between two quoted blocks, and ends where the quoted scenario ends", () => {
    const mail = quote(SCN, "> ").replace("> }\n> steps {", "> }\n\nWhy panfrost?\n\n> steps {");
    const [s, ...rest] = findScenarios(`${mail}\n\nI think so.\n> scenario, as a word, in prose\n`);
    expect(rest).toEqual([]);
    expect(body(s!.source)).toEqual(SCN.split("\n"));
    expect(s!.lastLine).toBe(16);
  });

  it("joins a trailing comment a client broke onto the next line", () => {
    const long = "  app mmap D as M                 # the fd, mapped shared and writable by the";
    const mail = quote(SCN.replace("  app mmap D as M                 # the fd", `${long}\nprocess`), "> ");
    const [s] = findScenarios(mail);
    expect(s!.joined).toEqual([10]);
    expect(body(s!.source)).toContain(`${long} process`);
    expect(clean(s!.source)).toEqual([]);
  });

  it("joins an outcome a client broke off a long step, and a broken title", () => {
    const step = "  amd userptr M flags anononly|register|validate offset 0 len 4K as U3";
    const text = `scenario "a title long enough that the mail client wrapped it somewhere in the
middle"\nactors {\n  amd: amdgpu\n  app: process\n}\nsteps {\n  app anon 8K as M\n${step}\n=> EPERM\n}\n`;
    const [s] = findScenarios(quote(text, "> "));
    expect(s!.joined).toEqual([2, 10]);
    expect(clean(s!.source)).toEqual([]);
    expect(parseScn(s!.source).file.scenarios[0]!.steps[1]!.outcome).toMatchObject({ kind: "word", name: "EPERM" });
  });

  it("joins a broken line whose tail lost its quote marker, between two quoted lines", () => {
    const long = "  app mmap D as M                 # the fd, mapped shared and writable by the";
    const mail = quote(SCN.replace("  app mmap D as M                 # the fd", long), "> ").replace(long, `${long}\nprocess`);
    const [s] = findScenarios(mail);
    expect(s!.joined).toEqual([10]);
    expect(clean(s!.source)).toEqual([]);
  });

  it("does not join a short line, nor a line that stands alone", () => {
    const mail = quote(SCN, "> ").replace("> amd export A as D", "> amd export A as D\nWhy?");
    const [s] = findScenarios(mail);
    expect(s!.joined).toEqual([]);
    const steps = SCN.replace("  amd create A size 2M", "  amd create A size 2M domain vram                                   # a long one\n  amd export A as E");
    expect(findScenarios(steps)[0]!.joined).toEqual([]);
  });

  it("finds several scenarios at their own depths, each with the result block after it", () => {
    const mail = [quote(SCN, ">> "), ">", "> Result: t", ">   step 1    ok", ">", "> My version:", "", SCN.replace('"t"', '"u"'), "", "Result: u", "  verdict   passed"].join("\n");
    const found = findScenarios(mail);
    expect(found.map((f) => [f.depth, f.firstLine, f.result])).toEqual([
      [2, 1, undefined],
      [0, 20, { line: 34, lines: ["Result: u", "  verdict   passed"] }],
    ]);
    const [first] = findScenarios(quote(`${SCN}\n\nResult: t\n  step 1    ok\n\nbye`, "> "));
    expect(first!.result).toEqual({ line: 15, lines: ["Result: t", "  step 1    ok"] });
  });

  it("keeps the first example whole", () => {
    const [s] = findScenarios(quote(firstExample, "> "));
    expect(clean(s!.source)).toEqual([]);
    expect(parseScn(s!.source).file.scenarios[0]!.steps).toHaveLength(10);
  });
});

describe("isMailText", () => {
  it("is true for quoted text or a result block, false for a bare .scn", () => {
    expect(isMailText(firstExample)).toBe(false);
    expect(isMailText(quote(firstExample, "> "))).toBe(true);
    expect(isMailText(`${SCN}\n\nResult: t\n`)).toBe(true);
  });
});
