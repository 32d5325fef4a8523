// Comparing the model with one real kernel, step by step: a guest step
// agrees when every value the guest reported equals the model's (and the
// guest reported every value the model has); a model-only step is counted
// apart, with its reason; a guest that stopped answering is a disagreement.
import type { GuestScenario } from "./results.js";
import type { ModelStep } from "./model-side.js";
import type { PlanScenario } from "./plan-types.js";

export interface Difference {
  key: string;
  model: string;
  kernel: string;
}

export type StepVerdict =
  | { index: number; line: number; text: string; status: "agree" }
  | { index: number; line: number; text: string; status: "model-only"; reason: string }
  | { index: number; line: number; text: string; status: "disagree"; differences: Difference[]; cite?: string; reason?: string; events: string[] };

export interface ScenarioVerdict {
  title: string;
  path: string;
  line: number;
  steps: StepVerdict[];
  agree: number;
  /** Steps a guest performed (agreeing or not). */
  compared: number;
  notes: string[];
}

const ABSENT = "(no answer)";

/** The differences between the model's values and the guest's for one step. */
export function differences(model: ReadonlyMap<string, string>, guest: ReadonlyMap<string, string> | undefined): Difference[] {
  const keys = [...new Set([...model.keys(), ...(guest?.keys() ?? [])])];
  const order = (k: string) => (k === "outcome" ? 0 : 1);
  keys.sort((a, b) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0));
  const out: Difference[] = [];
  for (const key of keys) {
    const m = model.get(key) ?? ABSENT;
    const g = guest?.get(key) ?? ABSENT;
    if (m !== g) out.push({ key, model: m, kernel: g });
  }
  return out;
}

export function compareScenario(plan: PlanScenario, path: string, model: readonly ModelStep[], guest: GuestScenario | undefined): ScenarioVerdict {
  const steps: StepVerdict[] = plan.steps.map((p, i) => {
    const base = { index: p.index, line: p.line, text: p.text };
    if (!p.op) return { ...base, status: "model-only", reason: p.reason ?? "" };
    const m = model[i]!;
    const diffs = differences(m.values, guest?.steps.get(p.index));
    if (diffs.length === 0) return { ...base, status: "agree" };
    const v: StepVerdict = { ...base, status: "disagree", differences: diffs, events: m.events };
    if (m.cite !== undefined) v.cite = m.cite;
    if (m.reason !== undefined) v.reason = m.reason;
    return v;
  });
  const compared = steps.filter((s) => s.status !== "model-only").length;
  const agree = steps.filter((s) => s.status === "agree").length;
  const notes = [...(guest?.notes ?? [])];
  if (guest && !guest.finished && compared > 0) notes.push("the guest stopped before the end of this scenario");
  return { title: plan.title, path, line: plan.line, steps, agree, compared, notes };
}
