// A strict reader of KTAP version 1 (Documentation/dev-tools/ktap.rst) for
// the tests: every stream starts with its version line, then its plan; test
// numbers run 1..N at their level; a nested stream is indented two spaces
// more than its parent and ends right before the parent's result line;
// descriptions hold no `#`; a parent fails when a child fails (skips do not
// count). It throws on the first line that breaks a rule and returns the
// tree of tests otherwise.

export interface KtapTest {
  ok: boolean;
  number: number;
  name: string;
  directive?: string;
  diagnostics: string[];
  children: KtapTest[];
}

const RESULT = /^(ok|not ok) ([0-9]+)(?: ([^#]*?))?(?: # (.*))?$/;

interface Line {
  indent: number;
  text: string;
  no: number;
}

function lines(text: string): Line[] {
  if (!text.endsWith("\n")) throw new Error("the output does not end with a line break");
  return text
    .slice(0, -1)
    .split("\n")
    .map((l, i) => {
      const indent = l.length - l.trimStart().length;
      if (l.slice(0, indent).includes("\t")) throw new Error(`line ${i + 1}: indented with a tab`);
      return { indent, text: l.trimStart(), no: i + 1 };
    });
}

class Reader {
  pos = 0;
  constructor(private readonly ls: Line[]) {}
  peek(): Line | undefined {
    return this.ls[this.pos];
  }
  next(): Line {
    const l = this.ls[this.pos++];
    if (l === undefined) throw new Error("the output ends in the middle of a stream");
    return l;
  }
}

function fail(l: Line, why: string): never {
  throw new Error(`line ${l.no} (${JSON.stringify(l.text)}): ${why}`);
}

/** One stream at `indent`: version line, plan, then N results with their nested streams and diagnostics. */
function stream(r: Reader, indent: number): KtapTest[] {
  const version = r.next();
  if (version.indent !== indent || version.text !== "KTAP version 1") fail(version, `expected "KTAP version 1" at indent ${indent}`);
  let plan: number | undefined;
  const diags: string[] = [];
  while (plan === undefined) {
    const l = r.next();
    if (l.indent !== indent) fail(l, `expected the plan at indent ${indent}`);
    if (l.text.startsWith("#")) continue; // `# Subtest: name`, as KUnit prints it
    const m = /^1\.\.([0-9]+)$/.exec(l.text);
    if (!m) fail(l, "expected a plan 1..N after the version line");
    plan = Number(m[1]);
  }
  const tests: KtapTest[] = [];
  let children: KtapTest[] = [];
  while (tests.length < plan) {
    const l = r.peek();
    if (l === undefined) throw new Error(`the plan says ${plan} tests at indent ${indent}, the output has ${tests.length}`);
    if (l.indent === indent + 2 && l.text === "KTAP version 1") {
      if (children.length > 0) fail(l, "two nested streams before one result line");
      children = stream(r, indent + 2);
      continue;
    }
    r.next();
    if (l.indent !== indent) fail(l, `expected indent ${indent}`);
    if (l.text.startsWith("#")) {
      diags.push(l.text.replace(/^# ?/, ""));
      continue;
    }
    const m = RESULT.exec(l.text);
    if (!m) fail(l, "neither a result line nor a diagnostic");
    if (Number(m[2]) !== tests.length + 1) fail(l, `expected test number ${tests.length + 1}`);
    const t: KtapTest = { ok: m[1] === "ok", number: Number(m[2]), name: m[3] ?? "", diagnostics: diags.splice(0), children };
    if (m[4] !== undefined) t.directive = m[4];
    const failedChild = children.some((c) => !c.ok && !c.directive?.startsWith("SKIP"));
    if (failedChild && t.ok) fail(l, "a parent passes while one of its subtests fails");
    children = [];
    tests.push(t);
  }
  return tests;
}

/** Read a whole KTAP document; trailing top-level diagnostics are allowed. */
export function readKtap(text: string): KtapTest[] {
  const r = new Reader(lines(text));
  const tests = stream(r, 0);
  for (let l = r.peek(); l !== undefined; l = r.peek()) {
    r.next();
    if (l.indent !== 0 || !l.text.startsWith("#")) fail(l, "only diagnostics may follow the last result");
  }
  return tests;
}
