// Delta debugging of a failing or hazard-producing scenario: ddmin over its
// steps and expectations, then its actors, then the options of its steps and
// the knobs of its kernel line, keeping at each stage only what the failure
// needs. A candidate is the scenario's text with some parts cut out; it
// counts only when it parses, checks and runs to the same failure (by
// default: the same hazards on the same named objects, the same steps
// answering the same wrong outcome, the same expectations failing).
import { checkFile } from "../check/check.js";
import type { CheckedScenario } from "../check/checked.js";
import type { Scenario, Span, Step } from "../syntax/ast.js";
import { parseScn } from "../syntax/parse.js";
import { runSource } from "./run.js";
import type { Observed, ScenarioResult } from "./types.js";

/** ddmin (Zeller and Hildebrandt): a 1-minimal subset of `items` that `test` accepts, `test(items)` being true. */
export function ddmin<T>(items: readonly T[], test: (subset: T[]) => boolean): T[] {
  let cur = [...items];
  let n = 2;
  while (cur.length >= 1) {
    const size = Math.ceil(cur.length / n);
    const chunks = Array.from({ length: Math.ceil(cur.length / size) }, (_, i) => cur.slice(i * size, (i + 1) * size));
    const subset = chunks.find((c) => c.length < cur.length && test(c));
    const complement = subset ? undefined : chunks.map((c) => cur.filter((x) => !c.includes(x))).find((c) => c.length < cur.length && test(c));
    const next = subset ?? complement;
    if (next !== undefined) {
      cur = next;
      n = subset ? 2 : Math.max(n - 1, 2);
    } else if (size === 1) break;
    else n = Math.min(cur.length, n * 2);
  }
  return cur;
}

/** A part of the scenario that may be cut: the text ranges (relative to the scenario's start) it occupies. */
export interface Part {
  what: "step" | "expect" | "actor" | "option" | "knob";
  ranges: [number, number][];
  /** For a step: its 1-based index in the original scenario. */
  step?: number;
}

/** What makes a run show the failure; `steps` maps the candidate's steps to the original's indices. */
export type FailureTest = (r: ScenarioResult, steps: number[]) => boolean;

export interface Reduction {
  /** The reduced scenario's text. */
  text: string;
  result: ScenarioResult;
  stepsBefore: number;
  stepsAfter: number;
  /** Candidates run. */
  tests: number;
}

const answer = (o: Observed) => (o.kind === "ok" ? o.value ?? "ok" : o.kind === "errno" ? o.errno : o.kind === "signal" ? o.signal : o.kind);

/** The failure a result shows: its hazards (kind and named objects), failed steps, failed expectations. */
export function failureOf(r: ScenarioResult, names: ReadonlySet<string>): FailureTest | undefined {
  const hazard = (h: ScenarioResult["hazards"][number]) => `${h.kind} ${h.objects.filter((o) => names.has(o)).join(",")}`;
  const hazards = r.hazards.map(hazard);
  const steps = r.steps.filter((s) => s.status === "fail").map((s) => `${s.index} ${answer(s.observed)}`);
  const expects = r.expectations.filter((e) => e.status === "fail").map((e) => e.text);
  if (hazards.length + steps.length + expects.length === 0) return undefined;
  return (c, origin) => {
    const ch = new Set(c.hazards.map(hazard));
    const cs = new Set(c.steps.filter((s) => s.status === "fail").map((s) => `${origin[s.index - 1]} ${answer(s.observed)}`));
    const ce = new Set(c.expectations.filter((e) => e.status === "fail").map((e) => e.text));
    return hazards.every((h) => ch.has(h)) && steps.every((s) => cs.has(s)) && expects.every((e) => ce.has(e));
  };
}

/** The range of a whole line item: the line itself when nothing else is on it, else the item and its comment. */
function lineRange(text: string, span: Span, base: number): [number, number] {
  let start = span.startOffset - base;
  let end = span.endOffset - base;
  while (text[end] === " " || text[end] === "\t") end++;
  if (text[end] === "#") while (end < text.length && text[end] !== "\n" && text[end] !== "\r") end++;
  let s = start;
  while (s > 0 && (text[s - 1] === " " || text[s - 1] === "\t")) s--;
  const alone = (s === 0 || text[s - 1] === "\n") && (end === text.length || text[end] === "\n" || text[end] === "\r");
  if (!alone) return [start, end];
  start = s;
  if (text[end] === "\r") end++;
  if (text[end] === "\n") end++;
  return [start, end];
}

/** The option words of a step (`size 2M`, `domain vram`, a flag word), each with the space before it. */
function optionParts(step: Step, sc: CheckedScenario, base: number): Part[] {
  const spec = sc.steps.find((s) => s.step === step)?.spec;
  if (!spec) return [];
  const parts: Part[] = [];
  let prevEnd = step.verb.span.endOffset;
  for (let i = 0; i < step.words.length; i++) {
    const w = step.words[i]!;
    const key = w.kind === "ident" ? w.name : undefined;
    if (key !== undefined && Object.hasOwn(spec.options, key) && i + 1 < step.words.length) {
      parts.push({ what: "option", ranges: [[prevEnd - base, step.words[i + 1]!.span.endOffset - base]] });
      prevEnd = step.words[++i]!.span.endOffset;
      continue;
    }
    if (key !== undefined && spec.flagWords.includes(key)) parts.push({ what: "option", ranges: [[prevEnd - base, w.span.endOffset - base]] });
    prevEnd = w.span.endOffset;
  }
  return parts;
}

function partsOf(ast: Scenario, sc: CheckedScenario, text: string): { lines: Part[]; actors: Part[]; options: Part[] } {
  const base = ast.span.startOffset;
  const lines: Part[] = ast.steps.map((s, i) => ({ what: "step", ranges: [lineRange(text, s.span, base)], step: i + 1 }));
  for (const b of ast.expects) for (const p of b.predicates) lines.push({ what: "expect", ranges: [lineRange(text, p.span, base)] });
  const actors: Part[] = ast.actors.map((a) => ({ what: "actor", ranges: [lineRange(text, a.span, base)] }));
  const options = ast.steps.flatMap((s) => optionParts(s, sc, base));
  const knobs = ast.kernel?.knobs ?? [];
  knobs.forEach((k, i) => {
    const prevEnd = i === 0 ? k.span.startOffset - 1 : knobs[i - 1]!.span.endOffset;
    options.push({ what: "knob", ranges: [[prevEnd - base, k.span.endOffset - base]] });
  });
  return { lines, actors, options };
}

/** The scenario text without the parts not kept; empty `with` and empty expect blocks go too. */
export function cut(text: string, all: Part[], kept: ReadonlySet<Part>): string {
  const ranges = all.filter((p) => !kept.has(p)).flatMap((p) => p.ranges).sort((a, b) => a[0] - b[0]);
  let out = "";
  let at = 0;
  for (const [s, e] of ranges) {
    if (s > at) out += text.slice(at, s);
    at = Math.max(at, e);
  }
  out += text.slice(at);
  return out.replace(/^(\s*kernel\s+\S+)\s+with[ \t]*(?=#|\r?\n|$)/m, "$1").replace(/^[ \t]*expect(?:[ \t]+\w+)?[ \t]*\{\s*\}[ \t]*(?:\r?\n|$)/gm, "");
}

/** Reduce the scenario titled `title` (the first when undefined) of `source`, keeping `test` (default: its own failure) true. */
export function reduceScenario(source: string, title?: string, given?: FailureTest): Reduction | { error: string } {
  const parsed = parseScn(source);
  if (parsed.diagnostics.some((d) => d.severity === "error")) return { error: "the file has errors: run `dmabuf-scn check` on it" };
  const checked = checkFile(parsed.file);
  if (checked.diagnostics.some((d) => d.severity === "error")) return { error: "the file has errors: run `dmabuf-scn check` on it" };
  const sc = title === undefined ? checked.scenarios[0] : checked.scenarios.find((s) => s.ast.title === title);
  if (!sc) return { error: title === undefined ? "the file has no scenario" : `no scenario is titled ${JSON.stringify(title)}` };
  const text = source.slice(sc.ast.span.startOffset, sc.ast.span.endOffset);
  const original = runSource(text, "reduce.scn").scenarios[0]!;
  const names = new Set([...sc.names.keys(), ...sc.processes, ...sc.actors.map((a) => a.name)]);
  const test = given ?? failureOf(original, names);
  if (test === undefined) return { error: `"${sc.ast.title}" passes and shows no hazard: there is no failure to keep` };
  return new Reducer(text, partsOf(sc.ast, sc, text), test, original.steps.length).run();
}

class Reducer {
  private readonly cache = new Map<string, ScenarioResult | null>();
  private tests = 0;
  private readonly all: Part[];
  private kept: Set<Part>;

  constructor(
    private readonly text: string,
    private readonly parts: { lines: Part[]; actors: Part[]; options: Part[] },
    private readonly test: FailureTest,
    private readonly stepsBefore: number,
  ) {
    this.all = [...parts.lines, ...parts.actors, ...parts.options];
    this.kept = new Set(this.all);
  }

  run(): Reduction | { error: string } {
    if (!this.holds(this.kept)) return { error: "the scenario does not show its failure when run on its own" };
    for (const stage of [this.parts.lines, this.parts.actors, this.parts.options]) {
      this.dropInsideCut();
      const others = [...this.kept].filter((p) => !stage.includes(p));
      const keep = ddmin(stage.filter((p) => this.kept.has(p)), (subset) => this.holds(new Set([...others, ...subset])));
      this.kept = new Set([...others, ...keep]);
    }
    const cutText = cut(this.text, this.all, this.kept);
    const result = this.cache.get(cutText)!;
    const text = cutText.replace(/\s*$/, "\n");
    const stepsAfter = this.parts.lines.filter((p) => p.what === "step" && this.kept.has(p)).length;
    return { text, result, stepsBefore: this.stepsBefore, stepsAfter, tests: this.tests };
  }

  /** Options of a step already cut are cut with it. */
  private dropInsideCut(): void {
    const cutRanges = this.all.filter((p) => !this.kept.has(p)).flatMap((p) => p.ranges);
    for (const p of this.kept) {
      if (p.ranges.every(([s, e]) => cutRanges.some(([cs, ce]) => cs <= s && e <= ce))) this.kept.delete(p);
    }
  }

  private holds(kept: ReadonlySet<Part>): boolean {
    const text = cut(this.text, this.all, kept);
    if (!this.cache.has(text)) {
      this.tests++;
      const r = runSource(text, "reduce.scn");
      const ok = !r.diagnostics.some((d) => d.severity === "error") && r.scenarios.length === 1;
      this.cache.set(text, ok ? r.scenarios[0]! : null);
    }
    const result = this.cache.get(text);
    if (!result) return false;
    const origin = this.parts.lines.filter((p) => p.what === "step" && kept.has(p)).map((p) => p.step!);
    return this.test(result, origin);
  }
}
