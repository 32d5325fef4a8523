// Well-formed input: the AST the visitor builds.
import { describe, expect, it } from "vitest";
import type { Step } from "../../src/syntax/ast.js";
import { parseScn } from "../../src/syntax/parse.js";
import { firstExample, parseClean, parseScenario, withSteps } from "./helpers.js";

const names = (step: Step) => [step.subject.name, step.verb.name];

describe("the first example of language.md", () => {
  const scenario = parseScenario(firstExample);

  it("has its header", () => {
    expect(scenario.title).toBe("userptr of an mmapped dma-buf is rejected");
    expect(scenario.kernel).toMatchObject({ profile: "linux-6.12", knobs: [] });
    expect(scenario.tags.map((t) => t.name)).toEqual(["userptr", "mmap"]);
    expect(scenario.actors.map((a) => `${a.name.name}:${a.actorKind.name}`)).toEqual(["amd:amdgpu", "intel:i915", "nic:rdma", "app:process"]);
  });

  it("has its ten steps with words, names and outcomes", () => {
    const steps = scenario.steps;
    expect(steps.map(names)).toEqual([
      ["amd", "create"], ["amd", "export"], ["app", "mmap"], ["intel", "userptr"], ["intel", "userptr"],
      ["intel", "use"], ["nic", "reg-mr"], ["amd", "userptr"], ["amd", "userptr"], ["app", "find-bo"],
    ]);
    expect(steps[0]!.words).toMatchObject([
      { kind: "ident", name: "A" }, { kind: "ident", name: "size" }, { kind: "number", value: 2097152, text: "2M" },
      { kind: "ident", name: "domain" }, { kind: "ident", name: "vram" },
    ]);
    expect(steps[1]).toMatchObject({ as: { name: "D" } });
    expect(steps[1]!.outcome).toBeUndefined();
    expect(steps[3]!.outcome).toMatchObject({ kind: "word", name: "EFAULT" });
    expect(steps[7]!.words[2]).toMatchObject({ kind: "flags", names: [{ name: "anononly" }, { name: "register" }, { name: "validate" }] });
    expect(steps[7]).toMatchObject({ as: { name: "U3" }, outcome: { kind: "word", name: "EPERM" } });
    expect(steps[9]!.words.map((w) => (w.kind === "ident" ? w.name : w.kind))).toEqual(["amd", "M"]);
  });

  it("has its expectations", () => {
    expect(scenario.expects).toHaveLength(1);
    const [block] = scenario.expects;
    expect(block!.quantifier).toBe("always");
    expect(block!.predicates).toMatchObject([
      { kind: "compare", left: { root: { name: "M" }, fields: [{ name: "file" }] }, op: "==", right: { kind: "path", root: { name: "D" }, fields: [] } },
      { kind: "compare", op: "has", right: { kind: "path", root: { name: "PFNMAP" } } },
      { kind: "compare", left: { fields: [{ name: "refs" }] }, op: "==", right: { kind: "number", value: 4 } },
      { kind: "hazards", op: "==", right: { kind: "none" } },
    ]);
  });

  it("has spans: 1-based lines and columns, 0-based offsets, ends exclusive", () => {
    const create = scenario.steps[0]!;
    const line = firstExample.split("\n").findIndex((l) => l.includes("amd   create")) + 1;
    expect(create.subject.span).toMatchObject({ startLine: line, startColumn: 3, endLine: line, endColumn: 6 });
    expect(firstExample.slice(create.span.startOffset, create.span.endOffset)).toBe("amd   create A size 2M domain vram");
    const size = create.words[2]!;
    expect(firstExample.slice(size.span.startOffset, size.span.endOffset)).toBe("2M");
    const ref = scenario.steps[3]!;
    expect(firstExample.slice(ref.span.startOffset, ref.span.endOffset)).toBe("intel userptr M flags probe as U1    => EFAULT");
    expect(scenario.span.startOffset).toBe(firstExample.indexOf("scenario"));
    expect(firstExample.slice(scenario.span.endOffset - 1, scenario.span.endOffset)).toBe("}");
  });
});

describe("the rest of the syntax", () => {
  it("reads several scenarios in one file, with comments and blank lines anywhere", () => {
    const text = `# a file\n\n# of two\nscenario "one" # title\n\n# before kernel\nkernel linux-6.1 # old\n\ntags a # t\n# c
actors { # the actors\n\n  # comment line\n  amd: amdgpu # gpu\n\n} # end\n# between\nsteps { # s\n  # c\n  amd create A size 4K # c\n\n} # e

expect never { # n
  # c
  hazards != none # h
}
# between scenarios
scenario "two"
actors {
  a: vgem
}
steps {
  a create B size 0x1000
}
# trailing comment without newline`;
    const file = parseClean(text);
    expect(file.scenarios.map((s) => s.title)).toEqual(["one", "two"]);
    expect(file.scenarios[0]).toMatchObject({ kernel: { profile: "linux-6.1" }, expects: [{ quantifier: "never" }] });
    expect(file.scenarios[1]!.steps[0]!.words[2]).toMatchObject({ kind: "number", value: 4096, text: "0x1000" });
  });

  it("accepts tabs and \\r\\n line ends", () => {
    const scenario = parseScenario('scenario "t"\r\nactors {\r\n\tamd:\tamdgpu\r\n}\r\nsteps {\r\n\tamd\tcreate A\tsize 4K\r\n}\r\n');
    expect(scenario.steps[0]!.words).toHaveLength(3);
    expect(scenario.steps[0]!.span).toMatchObject({ startLine: 6, startColumn: 2 });
  });

  it("reads one of { … } outcomes, ok, none and names", () => {
    const steps = parseScenario(withSteps("  app touch M => one of { ok, EFAULT, SIGBUS }\n  app lookup M => none\n  app lookup M => D\n  amd pin A => ok")).steps;
    expect(steps.map((s) => s.outcome)).toMatchObject([
      { kind: "oneOf", atoms: [{ kind: "ok" }, { kind: "word", name: "EFAULT" }, { kind: "word", name: "SIGBUS" }] },
      { kind: "none" }, { kind: "word", name: "D" }, { kind: "ok" },
    ]);
  });

  it("takes keywords as tags", () => {
    const text = 'scenario "t"\ntags thread lookup on\nactors {\n  a: amdgpu\n}\nsteps {\n  a create A\n}\n';
    expect(parseScenario(text).tags.map((t) => t.name)).toEqual(["thread", "lookup", "on"]);
  });

  it("reads knobs", () => {
    const text = 'scenario "t"\nkernel linux-6.12 with forward-mmap=no-pgoff-translate move-notify=on\nactors {\n  a: amdgpu\n}\nsteps {\n  a create A\n}\n';
    expect(parseScenario(text).kernel!.knobs.map((k) => [k.key.name, k.value.kind === "ident" ? k.value.name : k.value.value])).toEqual([
      ["forward-mmap", "no-pgoff-translate"], ["move-notify", "on"],
    ]);
  });

  it("reads as and by in either order, strings unescaped", () => {
    const steps = parseScenario(withSteps('  amd export A as D by app\n  amd export A by app as E\n  app note "say \\"hi\\" \\\\ bye"')).steps;
    expect(steps.map((s) => [s.as?.name, s.by?.name])).toEqual([["D", "app"], ["E", "app"], [undefined, undefined]]);
    expect(steps[2]!.words[0]).toMatchObject({ kind: "string", value: 'say "hi" \\ bye' });
  });

  it("reads every operator and every kind of value", () => {
    const expects = 'expect sometimes {\n  A.refs != 1\n  A.refs < 2\n  A.refs <= 3\n  A.refs > 0\n  A.refs >= 0\n  M.flags lacks IO\n  A.owner == "dma_buf"\n  A.domain == none\n  R.valid == ok\n  M1.mapping == M2.mapping\n  hazard stale-pte on M\n  hazards == 2\n}\n';
    const [block] = parseScenario(withSteps("  amd create A", expects)).expects;
    expect(block!.quantifier).toBe("sometimes");
    expect(block!.predicates.map((p) => (p.kind === "hazard" ? "hazard" : p.op))).toEqual(["!=", "<", "<=", ">", ">=", "lacks", "==", "==", "==", "==", "hazard", "=="]);
    expect(block!.predicates.slice(6).map((p) => (p.kind === "compare" ? p.right.kind : p.kind))).toEqual(["string", "none", "ok", "path", "hazard", "hazards"]);
    expect(block!.predicates[10]).toMatchObject({ kind: "hazard", hazard: { name: "stale-pte" }, on: { name: "M" } });
  });

  it("lets the closing brace end the last line of a block", () => {
    const scenario = parseScenario('scenario "t"\nactors {\n  amd: amdgpu }\nsteps {\n  amd create A }\nexpect {\n  hazards == none }');
    expect([scenario.actors.length, scenario.steps.length, scenario.expects[0]!.predicates.length]).toEqual([1, 1, 1]);
  });

  it("gives every node a span inside the text", () => {
    const { file } = parseScn(firstExample);
    const spans: { startOffset: number; endOffset: number }[] = [];
    JSON.stringify(file, (key, value) => {
      if (key === "span" || key.endsWith("Span")) spans.push(value);
      return value;
    });
    expect(spans.length).toBeGreaterThan(50);
    for (const span of spans) expect(0 <= span.startOffset && span.startOffset <= span.endOffset && span.endOffset <= firstExample.length).toBe(true);
  });
});
