// A result block read back from a mail (the claim), and whether it still
// holds: each step's outcome, each expectation's verdict, the hazards and the
// verdict compared with this run, plus notes where the mail was made with
// another tool version, other model rules or another text of the scenario.
// Rows a mail client broke or a reader trimmed are skipped, not guessed at.
import type { ScenarioResult } from "../engine/types.js";
import { outcomeWord, rulesHash, scenarioHash } from "./mail.js";

export interface Claim {
  /** The mail line of the `Result:` header. */
  line: number;
  profiles: string[];
  steps: Map<number, string>;
  expects: Map<number, string>;
  /** `kind on objects after step N`, in block order; undefined when the block has no hazard row. */
  hazards?: string[];
  verdict?: string;
  version?: string;
  profile?: string;
  rules?: string;
  scenario?: string;
}

export interface ClaimCheck {
  holds: boolean;
  /** What differs, one line each, steps first. */
  differences: string[];
  /** What the mail was made with, where it is not what runs here. */
  notes: string[];
}

const ROW = /^\s*\*?\s*(step|expect)\s+(\d+)\s+(\S+)/;
const PROFILES = /^\s+(linux-\S+(?:\s+linux-\S+)*)\s*$/;
const HAZARD = /^\s*hazard\s+(\S+ on .+ (?:after step \d+|at the end))\s*$/;
const TOOL = /^\s*dmabuf-scn (\S+), (\S+)(?: with .*|, no knobs)\s*$/;
const HASHES = /^\s*rules ([0-9a-f]{12}), scenario ([0-9a-f]{12})\s*$/;

function readLine(c: Claim, text: string): void {
  let m: RegExpExecArray | null;
  if ((m = ROW.exec(text))) (m[1] === "step" ? c.steps : c.expects).set(Number(m[2]), m[3]!);
  else if ((m = PROFILES.exec(text))) c.profiles = m[1]!.split(/\s+/);
  else if ((m = HAZARD.exec(text))) (c.hazards ??= []).push(m[1]!.replace(/\s+/g, " "));
  else if (/^\s*hazards\s+none\s*$/.test(text)) c.hazards ??= [];
  else if ((m = /^\s*verdict\s+(passed|failed)\b/.exec(text))) c.verdict = m[1]!;
  else if ((m = TOOL.exec(text))) [c.version, c.profile] = [m[1]!, m[2]!];
  else if ((m = HASHES.exec(text))) [c.rules, c.scenario] = [m[1]!, m[2]!];
}

/** The claim a result block makes; `line` is the mail line of its first line. */
export function readClaim(line: number, lines: string[]): Claim {
  const c: Claim = { line, profiles: [], steps: new Map(), expects: new Map() };
  for (const l of lines) readLine(c, l);
  return c;
}

function hazardKey(h: ScenarioResult["hazards"][number]): string {
  return `${h.kind} on ${h.objects.join(", ")} ${h.step === 0 ? "at the end" : `after step ${h.step}`}`;
}

function stepDifferences(c: Claim, r: ScenarioResult): string[] {
  const out: string[] = [];
  for (const [n, said] of [...c.steps].sort((a, b) => a[0] - b[0])) {
    const s = r.steps[n - 1];
    if (s === undefined) {
      out.push(`step ${n}: the mail says ${said}, but the scenario has ${r.steps.length} steps`);
      continue;
    }
    const now = outcomeWord(s.observed);
    if (now === said) continue;
    const why = "reason" in s.observed && s.observed.reason !== "" ? ` (${s.observed.reason})` : "";
    out.push(`step ${n} \`${s.text}\`: the mail says ${said}, this run answers ${now}${why}`);
  }
  return out;
}

function expectDifferences(c: Claim, r: ScenarioResult): string[] {
  const out: string[] = [];
  for (const [n, said] of [...c.expects].sort((a, b) => a[0] - b[0])) {
    const e = r.expectations[n - 1];
    const now = e === undefined ? "absent" : e.status === "pass" ? "holds" : "fails";
    if (now === said) continue;
    const actual = e?.actual === undefined ? "" : ` (${e.actual})`;
    out.push(`expect ${n}${e ? ` \`${e.text}\`` : ""}: the mail says it ${said}, here it ${now === "absent" ? "does not exist" : now}${actual}`);
  }
  return out;
}

function hazardDifferences(c: Claim, r: ScenarioResult): string[] {
  if (c.hazards === undefined) return [];
  const now = r.hazards.map(hazardKey);
  const gone = c.hazards.filter((h) => !now.includes(h)).map((h) => `hazard ${h}: in the mail, not in this run`);
  const added = now.filter((h) => !c.hazards!.includes(h)).map((h) => `hazard ${h}: in this run, not in the mail`);
  return [...gone, ...added];
}

function notes(c: Claim, r: ScenarioResult, scenarioText: string, version: string): string[] {
  const out: string[] = [];
  if (c.version !== undefined && c.version !== version) out.push(`the mail's result was made with dmabuf-scn ${c.version}; this is ${version}`);
  if (c.rules !== undefined && c.rules !== rulesHash()) out.push(`the model's rules differ from the mail's (rules ${c.rules}; here ${rulesHash()})`);
  if (c.scenario !== undefined && c.scenario !== scenarioHash(scenarioText)) out.push(`the scenario differs from the one the result was made for (scenario ${c.scenario}; here ${scenarioHash(scenarioText)})`);
  if (c.profile !== undefined && c.profile !== r.profile) out.push(`the mail's result is for ${c.profile}; this run is on ${r.profile}`);
  return out;
}

/** A block that only looks like a result block: no step, expectation or verdict row to check. */
export function isEmptyClaim(c: Claim): boolean {
  return c.steps.size === 0 && c.expects.size === 0 && c.verdict === undefined && c.hazards === undefined;
}

/** Does the claim hold for this run of the scenario (`scenarioText` is the scenario as found in the mail)? */
export function checkClaim(c: Claim, r: ScenarioResult, scenarioText: string, version: string): ClaimCheck {
  const differences = [...stepDifferences(c, r), ...expectDifferences(c, r), ...hazardDifferences(c, r)];
  const passed = r.passed ? "passed" : "failed";
  if (c.verdict !== undefined && c.verdict !== passed) differences.push(`verdict: the mail says ${c.verdict}, this run ${passed}`);
  return { holds: differences.length === 0, differences, notes: notes(c, r, scenarioText, version) };
}
