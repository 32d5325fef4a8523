// `run --kernel A,B`: a scenario's step outcomes under each listed profile
// beside its own (the judged one, starred), one row per step, a `≠` where
// the profiles answer differently; then whether each column's expectations
// held. Shared by the pretty reporter and, as notes, the others.
import type { MultiProfileScenario } from "../engine/run.js";
import type { Observed } from "../engine/types.js";
import type { Palette } from "./colors.js";

/** An outcome in one short word: `ok`, `D`, `none`, `EFAULT`, `SIGBUS`, and `notRun` for a step not issued. */
export function outcomeWord(o: Observed, notRun = "-"): string {
  switch (o.kind) {
    case "ok":
      return o.value ?? "ok";
    case "none":
      return "none";
    case "errno":
      return o.errno;
    case "signal":
      return o.signal;
    case "not-run":
      return notRun;
  }
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd());
}

export function sideBySideLines(m: MultiProfileScenario, p: Palette): string[] {
  const head = ["", ...m.columns.map((c) => (c.judged ? `${c.profile}*` : c.profile)), ""];
  const rows = m.steps.map((s) => [`${s.differs ? "≠" : " "} step ${s.index}`, ...s.outcomes.map((o) => outcomeWord(o)), s.differs ? s.text : ""]);
  const held = ["  expectations", ...m.columns.map((c) => (c.result.expectations.every((e) => e.status === "pass") ? "hold" : "fail")), ""];
  const lines = table([head, ...rows, held]);
  return [`    ${p.dim("under each profile (* judged):")}`, ...lines.map((l) => `    ${l.startsWith("≠") ? p.warn(l) : l}`)];
}

/** One line per step the profiles answer differently, for reports without a table. */
export function differenceNotes(m: MultiProfileScenario): string[] {
  return m.steps
    .filter((s) => s.differs)
    .map((s) => `step ${s.index} (${s.text}) answers ${m.columns.map((c, i) => `${outcomeWord(s.outcomes[i]!)} under ${c.profile}${c.judged ? " (judged)" : ""}`).join(", ")}`);
}
