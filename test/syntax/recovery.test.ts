// Malformed input: every mistake reported once, where it is, in a user's
// words; the rest of the file still parsed.
import { describe, expect, it } from "vitest";
import { parseScn } from "../../src/syntax/parse.js";
import { errorsOf, withSteps } from "./helpers.js";

describe("syntax errors", () => {
  it("reports three different mistakes in one file, each where it is", () => {
    const text = withSteps("  amd create A size 2M\n  amd export A as D as E\n  app mmap D as M", 'expect {\n  M.refs = 2\n}\n').replace("amd: amdgpu", "amd amdgpu");
    expect(errorsOf(text)).toEqual([
      '3:7 SCN1002 expected ":", found "amdgpu"',
      '8:21 SCN1002 expected a newline, found "as"',
      '12:10 SCN1002 expected an operator (==, !=, <, <=, >, >=, has, lacks), found "="',
    ]);
    const [scenario] = parseScn(text).file.scenarios;
    expect(scenario!.steps.map((s) => s.verb.name)).toEqual(["create", "export", "mmap"]);
  });

  it("says one step per line when two steps share a line, and goes on at the next line", () => {
    const text = withSteps("  amd export A as D app mmap D as M\n  app close D");
    expect(errorsOf(text)).toEqual(['7:21 SCN1007 one step per line: put a newline before "app"']);
    expect(parseScn(text).file.scenarios[0]!.steps.map((s) => s.verb.name)).toEqual(["export", "close"]);
  });

  it("says one actor or expectation per line too", () => {
    expect(errorsOf('scenario "t"\nactors {\n  a: amdgpu b: i915\n}\nsteps {\n  a create A\n}\n')).toEqual([
      '3:13 SCN1007 one actor per line: put a newline before "b"',
    ]);
    expect(errorsOf(withSteps("  amd create A", "expect {\n  A.refs == 1 hazards == none\n}\n"))).toEqual([
      '10:15 SCN1007 one expectation per line: put a newline before "hazards"',
    ]);
  });

  it("reports parallel once, at the keyword, and skips the block", () => {
    const text = withSteps("  amd create A size 4K\n  parallel {\n    thread t1 { app touch M page 0 }\n    thread t2 { amd evict A to gtt }\n  }\n  amd close A");
    expect(errorsOf(text)).toEqual(["8:3 SCN1005 `parallel` is planned but not in the language yet: steps run one after another"]);
    expect(parseScn(text).file.scenarios[0]!.steps.map((s) => s.verb.name)).toEqual(["create", "close"]);
  });

  it("says there is no scenario, and nothing else", () => {
    expect(errorsOf("")).toEqual(['1:1 SCN1006 no scenario in this input: a file starts with `scenario "title"`']);
    expect(errorsOf("# just a comment\n\n")).toHaveLength(1);
    expect(errorsOf("\nactors {\n  a: amdgpu\n}\n")).toEqual(['2:1 SCN1006 no scenario in this input: a file starts with `scenario "title"`']);
  });

  it("keeps parsing the next scenario after a broken one", () => {
    const text = withSteps("  amd create A as as") + 'scenario "two"\nactors {\n  a: vgem\n}\nsteps {\n  a create B\n}\n';
    expect(errorsOf(text)).toEqual(['7:19 SCN1002 expected a name, found "as"']);
    expect(parseScn(text).file.scenarios.map((s) => s.title)).toEqual(["t", "two"]);
  });

  it("reports lexical mistakes at their exact position and goes on", () => {
    const text = 'scenario "a\\qb"\nactors {\n  amd: amdgpu\n}\nsteps {\n  amd create A size 2Mx @ domain vram\n  amd create B size 12abc\n  amd note "open\n}\n';
    expect(errorsOf(text)).toEqual([
      '1:12 SCN1008 unknown escape "\\q" in a string: the escapes are \\" (a quote) and \\\\ (a backslash)',
      '6:21 SCN1004 malformed number "2Mx": write decimal, hex (0x1000) or a size (4K, 2M, 1G)',
      '6:25 SCN1001 unexpected character "@"',
      '7:21 SCN1004 malformed number "12abc": write decimal, hex (0x1000) or a size (4K, 2M, 1G)',
      "8:12 SCN1003 unterminated string: a string ends on the line it starts",
    ]);
    expect(parseScn(text).file.scenarios[0]!.steps).toHaveLength(3);
  });

  it("names an invisible character by its code point", () => {
    expect(errorsOf(withSteps("  amd\u00a0create A"))).toEqual(["7:6 SCN1001 unexpected character U+00A0"]);
  });

  it("words what was expected and found for a user, never with chevrotain's token names", () => {
    const broken = [
      'scenario "x"', "scenario\n", 'scenario "t"\nkernel linux-6\n', 'scenario "t"\nkernel linux-6.12 with a\n',
      'scenario "t"\ntags\n', withSteps("  amd"), withSteps("  amd export A =>"), withSteps("  amd export A => one of ok"),
      withSteps("  amd export A => one of { ok EFAULT }"), withSteps("  amd x", "expect {\n  A.\n  hazard x M\n  hazards == x\n  3 == 4\n}\n"),
      withSteps("  amd x", "expect always\n"), 'scenario "t"\nactors {\n  a:\n}\n', "foo\nscenario \"t\"\n",
    ];
    for (const text of broken) {
      const messages = parseScn(text).diagnostics.map((d) => d.message);
      expect(messages.length, text).toBeGreaterThan(0);
      for (const m of messages) expect(m).not.toMatch(/NewLine|RBrace|LBrace|Identifier|Literal|EOF|-->|token of type/);
    }
  });

  it("names the missing part where the rule says what it is", () => {
    expect(errorsOf(withSteps("  amd"))).toEqual(["7:6 SCN1002 expected a verb, found the end of the line"]);
    expect(errorsOf(withSteps("  amd create A\n  app touch M => one of { ok EFAULT }"))).toEqual([
      '8:30 SCN1002 expected "," or "}", found "EFAULT"',
    ]);
    expect(errorsOf(withSteps("  amd create A").replace(/\n}\n$/, "\n"))).toEqual(['7:15 SCN1002 expected "}", found the end of the file']);
  });

  it("says what may follow a scenario where something else does", () => {
    expect(errorsOf(withSteps("  amd create A", "foo\n"))).toEqual(['9:1 SCN1002 expected "expect" or "scenario", found "foo"']);
    expect(errorsOf('foo\nscenario "t"\nactors {\n}\nsteps {\n}\n')).toEqual(['1:1 SCN1002 expected "scenario", found "foo"']);
  });

  it("resumes after a mistake in the title line at the next part", () => {
    const { file, diagnostics } = parseScn(withSteps("  amd create A").replace('"t"', "t"));
    expect(diagnostics.map((d) => d.message)).toEqual(['expected a string, found "t"']);
    expect(file.scenarios[0]!.steps).toHaveLength(1);
  });

  it("gives hints for likely causes", () => {
    const hints = (text: string) => parseScn(text).diagnostics.map((d) => d.hint);
    expect(hints(withSteps("  amd create A", "expect {\n  A.refs = 1\n}\n"))).toEqual(["did you mean `==`?"]);
    expect(hints(withSteps("  amd create on"))).toEqual(["`on` is a keyword of the language: it cannot be a name"]);
    expect(hints(withSteps("  amd export A => ok as D"))[0]).toMatch(/at most one `as NAME`/);
    expect(hints('> scenario "t"\n')[0]).toMatch(/quoted mail/);
    expect(hints('scenario "t"\ntags a\nkernel linux-6.12\n')[0]).toMatch(/come in this order/);
  });

  it("reports each error once, in text order", () => {
    const { diagnostics } = parseScn(withSteps("  amd create A as\n  amd x y as\n  amd x y =>", "expect {\n  A ==\n}\n"));
    const offsets = diagnostics.map((d) => d.span.startOffset);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(new Set(diagnostics.map((d) => `${d.span.startOffset}${d.message}`)).size).toBe(diagnostics.length);
    expect(diagnostics).toHaveLength(4);
  });
});
