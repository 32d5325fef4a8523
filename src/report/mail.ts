// `dmabuf-scn mail`: a scenario as plain text for a mailing list — the
// scenario canonically formatted, its result block (each step's outcome,
// each expectation's verdict, the hazards; several profiles side by side)
// and a trailer naming the tool version, the profile and knobs, and hashes
// of the model's rules and of the scenario, so a reader knows whether they
// run the same thing. No colour, no tabs, no trailing blanks; lines kept
// within 78 columns. mail-claim.ts reads the result block back.
import { createHash } from "node:crypto";
import { tokenize } from "../../grammar/scanner.js";
import { Comment, NewLine } from "../../grammar/tokens.js";
import type { Observed, ScenarioResult } from "../engine/types.js";
import { allRules } from "../model/index.js";
import { formatScn, LINE_WIDTH } from "../syntax/format.js";
import { outcomeWord as shortOutcome } from "./pretty-profiles.js";

/** One scenario to mail: its text (leading comments included) and its results, the scenario's own profile first. */
export interface MailScenario {
  text: string;
  results: ScenarioResult[];
}

export interface MailInfo {
  version: string;
}

const LABEL = 12;

function sha12(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

/** A hash of the model's rules: ids, citations, profiles and summaries, in registration order. */
export function rulesHash(): string {
  return sha12(JSON.stringify(allRules().map((r) => [r.id, r.cite, r.profiles, r.summary])));
}

/** A hash of a scenario's tokens: layout and comments do not change it. */
export function scenarioHash(text: string): string {
  const words: string[] = [];
  for (const t of tokenize(text).tokens) {
    if (t.tokenType === Comment) continue;
    if (t.tokenType === NewLine) {
      if (words.length > 0 && words[words.length - 1] !== "\n") words.push("\n");
    } else words.push(t.image);
  }
  return sha12(words.join(" ").replace(/ ?\n ?/g, "\n").trim());
}

/** The word a result block shows for an answer: `ok`, `EFAULT`, `SIGBUS`, `none`, a bound name, `not-run`. */
export function outcomeWord(o: Observed): string {
  return shortOutcome(o, "not-run");
}

/** `text` cut to fit `width` columns, `...` marking the cut. */
function fit(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 3 ? "" : `${text.slice(0, width - 3).trimEnd()}...`;
}

function row(label: string, cells: string[], widths: number[], text: string, differs = false): string {
  const head = `${differs ? "*" : " "} ${label}`.padEnd(LABEL) + cells.map((c, i) => c.padEnd(widths[i]!)).join("");
  return `${head}${fit(text, LINE_WIDTH - head.length)}`.trimEnd();
}

function hazardText(h: ScenarioResult["hazards"][number]): string {
  return `${h.kind} on ${h.objects.join(", ")} ${h.step === 0 ? "at the end" : `after step ${h.step}`}`;
}

/** The verdict line's words: `passed`, or `failed` and what failed. */
function verdict(own: ScenarioResult): string {
  const failed = [
    ...own.steps.filter((s) => s.status === "fail").map((s) => `step ${s.index}`),
    ...own.expectations.map((e, i) => (e.status === "fail" ? `expect ${i + 1}` : "")).filter((x) => x !== ""),
  ];
  return failed.length === 0 ? "passed" : `failed: ${failed.join(", ")}`;
}

function stepRows(results: ScenarioResult[], widths: number[]): string[] {
  const own = results[0]!;
  return own.steps.map((s, i) => {
    const words = results.map((r) => (r.steps[i] ? outcomeWord(r.steps[i]!.observed) : "-"));
    const written = s.text.replace(/\s*=>.*$/, "");
    const text = s.status === "fail" ? `(expected ${s.expected}) ${written}` : written;
    return row(`step ${s.index}`, words, widths, text, words.some((w) => w !== words[0]));
  });
}

function knobsText(r: ScenarioResult): string {
  const knobs = r.snapshot.knobs;
  const pairs = knobs && typeof knobs === "object" && !Array.isArray(knobs) ? Object.entries(knobs).map(([k, v]) => `${k}=${String(v)}`) : [];
  return pairs.length === 0 ? ", no knobs" : ` with ${pairs.join(" ")}`;
}

/** The result block of one scenario: header, one row per step, expectation, hazard, the verdict and the trailer. */
export function resultBlock(text: string, results: ScenarioResult[], info: MailInfo): string[] {
  const own = results[0]!;
  const width = Math.max(6, ...results.map((r) => r.profile.length), ...results.flatMap((r) => r.steps.map((s) => outcomeWord(s.observed).length))) + 2;
  const widths = results.map(() => width);
  const lines = [fit(`Result: ${own.title}`, LINE_WIDTH), row("", results.map((r) => r.profile), widths, "")];
  lines.push(...stepRows(results, widths));
  const pad = widths.slice(1).map(() => "");
  own.expectations.forEach((e, i) => {
    const what = e.status === "fail" && e.actual !== undefined ? `${e.text} (${e.actual})` : e.text;
    lines.push(row(`expect ${i + 1}`, [e.status === "pass" ? "holds" : "fails", ...pad], widths, what));
  });
  if (own.hazards.length === 0) lines.push(row("hazards", ["none", ...pad], widths, ""));
  for (const h of own.hazards) lines.push(fit(`  hazard    ${hazardText(h)}`, LINE_WIDTH));
  lines.push(row("verdict", [], [], verdict(own)));
  lines.push(fit(`  dmabuf-scn ${info.version}, ${own.profile}${knobsText(own)}`, LINE_WIDTH));
  lines.push(`  rules ${rulesHash()}, scenario ${scenarioHash(text)}`);
  return lines;
}

/** A comment line wider than 78 columns broken at spaces into comment lines that fit. */
function wrapComment(line: string): string[] {
  const m = /^( *)# ?/.exec(line);
  if (!m || line.length <= LINE_WIDTH) return [line];
  const cut = line.lastIndexOf(" ", LINE_WIDTH);
  if (cut <= m[0].length) return [line];
  return [line.slice(0, cut).trimEnd(), ...wrapComment(`${m[1]}# ${line.slice(cut + 1)}`)];
}

/** The scenario as a mail shows it: formatted, comment lines wrapped at 78 columns. */
export function mailScenario(text: string): string {
  return formatScn(text).text.replace(/\n+$/, "").split("\n").flatMap(wrapComment).join("\n");
}

/** The mail text: each scenario, formatted, with its result block under it. */
export function mailText(scenarios: MailScenario[], info: MailInfo): string {
  const parts = scenarios.map((s) => {
    const formatted = mailScenario(s.text);
    return `${formatted}\n\n${resultBlock(s.text, s.results, info).join("\n")}\n`;
  });
  return plain(parts.join("\n"));
}

/** No tabs, no trailing blanks, nothing but printable text. */
export function plain(text: string): string {
  return text.replace(/\t/g, " ").replace(/[ ]+$/gm, "");
}

/** Lines of a mail text wider than 78 columns (1-based), which a mail client may re-wrap. */
export function overlongLines(text: string): number[] {
  return text.split("\n").flatMap((l, i) => ([...l].length > LINE_WIDTH ? [i + 1] : []));
}
