// The rule table as data for `dmabuf-scn rules` and as the Markdown reference
// in docs/rules.md: every rule with the profiles it holds for, its citation
// and its summary, grouped by area (the part of its id before the first dot).
import type { Profile } from "./api.js";
import { type Rule, allRules, appliesTo, profilesOf } from "./rules.js";
import { PROFILES } from "./profile.js";
import "./kernel.js";

export interface RuleRow {
  id: string;
  cite: string;
  profiles: Profile[];
  summary: string;
  knob?: string;
}

function row(r: Rule): RuleRow {
  const out: RuleRow = { id: r.id, cite: r.cite, profiles: profilesOf(r), summary: r.summary };
  if (r.knob !== undefined) out.knob = r.knob;
  return out;
}

/** Every rule, sorted by id; with `profile`, only those that hold under it. */
export function ruleRows(profile?: Profile): RuleRow[] {
  return allRules()
    .filter((r) => profile === undefined || appliesTo(r, profile))
    .map(row)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

function profileText(p: Profile[]): string {
  return p.length === PROFILES.length ? "all" : p.map((x) => x.slice(6)).join(", ");
}

export function renderRulesDoc(): string {
  const rows = ruleRows();
  const areas = [...new Set(rows.map((r) => r.id.split(".")[0]!))];
  const out = [
    "# Rules",
    "",
    "Generated from the model's rule table (`src/model/**`, registered with `rule()`); `npm test` fails when this file drifts.",
    "Regenerate with `UPDATE_DOCS=1 npx vitest run test/model/rules-doc.test.ts`.",
    "",
    `${rows.length} rules. Each names the kernel source it encodes (\`path/file.c: function\`) and the profiles it holds for;`,
    "rules with a knob stand for a what-if (`kernel PROFILE with KNOB=VALUE`), not for a kernel behaviour.",
    "",
  ];
  for (const area of areas) {
    out.push(`## ${area}`, "", "| rule | profiles | source | what it says |", "| --- | --- | --- | --- |");
    for (const r of rows.filter((x) => x.id.split(".")[0] === area)) {
      const knob = r.knob ? ` (knob \`${r.knob}\`)` : "";
      out.push(`| \`${r.id}\`${knob} | ${profileText(r.profiles)} | \`${r.cite}\` | ${cell(r.summary)} |`);
    }
    out.push("");
  }
  return out.join("\n");
}
