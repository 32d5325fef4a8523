// `dmabuf-scn explain` as text: for each step, what the model answered, the
// kernel path it took (the rules and their citations), its events, the
// objects it created, changed and released and the references it took and
// dropped; then the object graph at the end (explain-graph.ts). Plain text
// within 78 columns, so it can go into a mail.
import type { Snapshot } from "../engine/types.js";
import type { StepTrace, Trace } from "../engine/trace.js";
import { LINE_WIDTH } from "../syntax/format.js";
import { objectsOf, show, wrap, type Obj } from "./explain-text.js";
import { outcomeWord } from "./mail.js";
import { ruleOfCite, rulesOf } from "./explain-rules.js";
import { graphLines } from "./explain-graph.js";

/** Fields that count references: a change is a reference taken or dropped. */
const COUNTS = new Set(["refs", "ttm_refs", "handles", "pins"]);
/** What a created object shows of itself, by kind. */
const SUMMARY: Record<string, string[]> = {
  process: ["name"],
  file: ["type", "owner", "mapping", "refs"],
  gem: ["device", "domain", "size", "refs", "imported"],
  vma: ["file", "mapping", "pgoff", "private"],
  mr: ["pins"],
  mapping: [],
};

function created(label: string, o: Obj): string {
  const fields = (SUMMARY[String(o.kind)] ?? []).filter((f) => o[f] !== undefined && o[f] !== null && o[f] !== false).map((f) => `${f} ${show(o[f])}`);
  return `created  ${label} (${String(o.kind)})${fields.length > 0 ? `: ${fields.join(", ")}` : ""}`;
}

/** What one step did to the objects: created, released, references, other fields. */
export function objectChanges(before: Snapshot, after: Snapshot): string[] {
  const was = objectsOf(before);
  const now = objectsOf(after);
  const made: string[] = [];
  const refs: string[] = [];
  const changed: string[] = [];
  const gone: string[] = [];
  for (const [label, o] of Object.entries(now)) {
    const old = was[label];
    if (old === undefined || (old.refs === 0 && o.refs !== 0)) {
      made.push(created(label, o));
      continue;
    }
    if (o.refs === 0 && old.refs !== 0) {
      gone.push(`released ${label} (${String(o.kind)})`);
      continue;
    }
    for (const [f, v] of Object.entries(o)) {
      if (show(v) === show(old[f])) continue;
      if (COUNTS.has(f) && typeof v === "number" && typeof old[f] === "number") {
        const d = v - (old[f] as number);
        refs.push(`refs     ${label}.${f} ${show(old[f])} -> ${show(v)} (${Math.abs(d)} ${d > 0 ? "taken" : "dropped"})`);
      } else changed.push(`changed  ${label}.${f} ${show(old[f])} -> ${show(v)}`);
    }
  }
  for (const label of Object.keys(was)) if (now[label] === undefined && was[label]!.refs !== 0) gone.push(`released ${label} (${String(was[label]!.kind)})`);
  return [...made, ...refs, ...changed, ...gone];
}

/** A citation on one line, or broken after `file:` when too long. */
function citeLines(cite: string, id: string): string[] {
  const one = `    ${cite}  (${id})`;
  if (one.length <= LINE_WIDTH) return [one];
  const colon = cite.indexOf(": ");
  if (colon < 0) return [`    ${cite}`, `      (${id})`];
  return [`    ${cite.slice(0, colon + 1)}`, `      ${cite.slice(colon + 2)}  (${id})`];
}

function pathLines(step: StepTrace, failCite: string | undefined): string[] {
  const rules = rulesOf(step.events);
  const failing = failCite === undefined ? undefined : ruleOfCite(failCite);
  if (failing && !rules.some((r) => r.id === failing.id)) rules.push(failing);
  if (rules.length === 0) return [];
  return ["  kernel path:", ...rules.flatMap((r) => citeLines(r.cite, r.id))];
}

function eventLines(trace: Trace, step: StepTrace): string[] {
  const all = (trace.result.snapshot.events ?? []) as string[];
  const prefix = `${step.index} `;
  const lines = all.filter((e) => e.startsWith(prefix)).map((e) => e.slice(prefix.length));
  return lines.length === 0 ? [] : ["  events:", ...lines.flatMap((e) => wrap(`    ${e}`, "      "))];
}

function stepBlock(trace: Trace, step: StepTrace, before: Snapshot): string[] {
  const rep = trace.result.steps[step.index - 1]!;
  const answer = outcomeWord(rep.observed);
  const verdict = rep.status === "pass" ? answer : `${answer}, expected ${rep.expected}`;
  const lines = wrap(`step ${step.index}: ${rep.text.replace(/\s*=>.*$/, "")}  => ${verdict}`, "    ");
  if ("reason" in rep.observed && rep.observed.reason !== "") lines.push(...wrap(`  why: ${rep.observed.reason}`, "    "));
  const cite = "cite" in rep.observed ? rep.observed.cite : undefined;
  lines.push(...pathLines(step, cite), ...eventLines(trace, step));
  const changes = objectChanges(before, step.state);
  if (changes.length > 0) lines.push("  objects:", ...changes.flatMap((c) => wrap(`    ${c}`, "      ")));
  const hazards = trace.result.hazards.filter((h) => h.step === step.index);
  for (const h of hazards) lines.push(...wrap(`  hazard ${h.kind} on ${h.objects.join(", ")}: ${h.message}`, "    "));
  return lines;
}

function knobsOf(state: Snapshot): string {
  const knobs = state.knobs && typeof state.knobs === "object" && !Array.isArray(state.knobs) ? Object.entries(state.knobs) : [];
  return knobs.length === 0 ? "no knobs" : `with ${knobs.map(([k, v]) => `${k}=${show(v)}`).join(" ")}`;
}

/** The whole explanation: header, one block per step, the end, and the object graph. */
export function explainText(trace: Trace): string {
  const r = trace.result;
  const out = [...wrap(`explain: ${r.title}`, "  "), `kernel ${r.profile}, ${knobsOf(r.snapshot)}`, ""];
  let before = trace.initial;
  for (const step of trace.steps) {
    out.push(...stepBlock(trace, step, before), "");
    before = step.state;
  }
  const end = r.hazards.filter((h) => h.step === 0);
  for (const h of end) out.push(...wrap(`at the end: hazard ${h.kind} on ${h.objects.join(", ")}: ${h.message}`, "    "));
  if (end.length > 0) out.push("");
  out.push(...graphLines(r.snapshot));
  return `${out.join("\n").replace(/[ ]+$/gm, "")}\n`;
}
