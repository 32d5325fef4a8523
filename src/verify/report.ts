// The verification report: per real kernel, what was booted (and whether it
// drifted from the release last verified, or was unavailable), one line per
// scenario with its agreement, every model-only step with its reason, every
// disagreement with the model's answer, the kernel's and the model's rule;
// where two real kernels differ from each other; and the totals.
import type { Palette } from "../report/colors.js";
import type { Difference, ScenarioVerdict, StepVerdict } from "./compare.js";

export interface KernelSection {
  profile: string;
  /** What was booted: `uname -r` and `uname -v`, the package and version; absent when unavailable. */
  booted?: { release: string; version: string; package: string; packageVersion: string };
  unavailable?: string;
  /** Drift, provisioning notes, boot problems. */
  notes: string[];
  scenarios: ScenarioVerdict[];
}

export interface KernelDifference {
  path: string;
  line: number;
  text: string;
  differences: { key: string; values: string[] }[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function diffLine(d: Difference): string {
  const what = d.key === "outcome" ? "outcome" : d.key.replace(/^vma:/, "").replace(/^refs:(.*)$/, "$1.refs");
  return `${what}: the model answered ${d.model}, the kernel ${d.kernel}`;
}

function stepLines(s: StepVerdict, path: string, p: Palette): string[] {
  const where = p.location(`${path}:${s.line}`);
  if (s.status === "model-only") return [`    ${p.dim(`- ${where} ${s.text}`)}`, `      ${p.dim(`model-only: ${s.reason}`)}`];
  if (s.status === "agree") return [];
  const out = [`    ${p.fail("✗")} ${where} ${s.text}`, ...s.differences.map((d) => `      ${diffLine(d)}`)];
  if (s.cite) out.push(`      rule: ${s.cite}${s.reason ? ` (${s.reason})` : ""}`);
  else if (s.events.length > 0) out.push(`      the model did: ${s.events.join(", ")}`);
  return out;
}

function scenarioLines(v: ScenarioVerdict, p: Palette): string[] {
  const modelOnly = v.steps.length - v.compared;
  const agreeing = `${v.agree}/${v.compared} steps agree`;
  const counts = v.compared === 0 ? plural(modelOnly, "step") : `${agreeing}${modelOnly > 0 ? `, ${modelOnly} model-only` : ""}`;
  const mark = v.compared === 0 ? p.dim("-") : v.agree === v.compared ? p.pass("✓") : p.fail("✗");
  const title = v.compared === 0 ? `${v.title}: model-only` : v.title;
  const out = [`  ${mark} ${title} ${p.dim(`(${v.path}:${v.line})`)} ${counts}`];
  for (const n of v.notes) out.push(`      ${p.warn(n)}`);
  for (const s of v.steps) out.push(...stepLines(s, v.path, p));
  return out;
}

export function totals(k: KernelSection): { agree: number; compared: number; modelOnly: number } {
  let agree = 0;
  let compared = 0;
  let modelOnly = 0;
  for (const v of k.scenarios) {
    agree += v.agree;
    compared += v.compared;
    modelOnly += v.steps.length - v.compared;
  }
  return { agree, compared, modelOnly };
}

function kernelHeader(k: KernelSection, p: Palette): string[] {
  if (k.unavailable) return [p.bold(`${k.profile}: kernel unavailable: ${k.unavailable}`)];
  if (!k.booted) return [p.bold(k.profile)];
  const b = k.booted!;
  return [p.bold(`${k.profile}: booted Linux ${b.release} (${b.package} ${b.packageVersion}) under qemu`), p.dim(`  ${b.version}`)];
}

export function kernelSectionText(k: KernelSection, p: Palette): string {
  const out = kernelHeader(k, p);
  for (const n of k.notes) out.push(`  ${p.warn(n)}`);
  for (const v of k.scenarios) out.push(...scenarioLines(v, p));
  return `${out.join("\n")}\n`;
}

export function kernelDifferencesText(names: readonly string[], diffs: readonly KernelDifference[], p: Palette): string {
  const head = p.bold(`where the real kernels differ (${names.join(" vs ")}): ${diffs.length === 0 ? "nowhere" : plural(diffs.length, "step")}`);
  const out = [head];
  for (const d of diffs) {
    out.push(`  ${p.location(`${d.path}:${d.line}`)} ${d.text}`);
    for (const x of d.differences) out.push(`    ${x.key}: ${x.values.map((v, i) => `${names[i]} ${v}`).join(", ")}`);
  }
  return `${out.join("\n")}\n`;
}

/** The closing lines: per kernel `N/M steps agree`, then overall. */
export function summaryText(sections: readonly KernelSection[], p: Palette): string {
  const out: string[] = [];
  let agree = 0;
  let compared = 0;
  for (const k of sections) {
    if (k.unavailable) {
      out.push(`${k.profile}: kernel unavailable`);
      continue;
    }
    const t = totals(k);
    agree += t.agree;
    compared += t.compared;
    const line = `${k.profile} (${k.booted!.release}): ${t.agree}/${t.compared} steps agree, ${t.modelOnly} model-only`;
    out.push(t.agree === t.compared ? line : p.fail(line));
  }
  out.push(p.bold(`${agree}/${compared} steps agree`));
  return `${out.join("\n")}\n`;
}
