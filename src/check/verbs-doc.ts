// Renders the verb table as the Markdown reference in docs/verbs.md, so the
// documentation can never drift from what the checker accepts.
import { type VerbSpec, type ValueKind, objKindWords, positionalSize, verbTable } from "./verbs.js";

function valueText(v: ValueKind): string {
  switch (v.kind) {
    case "size":
      return "SIZE";
    case "count":
      return "N";
    case "enum":
      return v.values.join("\\|");
    case "flags":
      return `${v.values.join("\\|")} (join with \\|)`;
    case "name":
      return v.kinds.map((k) => k.toUpperCase()).join("\\|");
  }
}

function usage(v: VerbSpec): string {
  const parts = [v.verb];
  if (positionalSize.has(v.verb)) parts.push("SIZE");
  for (const o of v.operands) parts.push(o.optional ? `[${o.label}]` : o.label);
  for (const [key, val] of Object.entries(v.options)) {
    const w = `${key} ${valueText(val)}`;
    parts.push(v.requires?.includes(key) ? w : `[${w}]`);
  }
  for (const f of v.flagWords) parts.push(v.requires?.includes(f) ? f : `[${f}]`);
  if (v.binds) parts.push(v.binds.required ? `as ${v.binds.kind.toUpperCase()}` : `[as ${v.binds.kind.toUpperCase()}]`);
  return parts.join(" ");
}

export function renderVerbsDoc(): string {
  const rows = verbTable.map((v) => `| ${v.subjects.join(", ")} | \`${usage(v)}\` | ${v.kernel} | ${v.modelled ? "yes" : "not yet (SCN3001)"} |`);
  const kinds = Object.entries(objKindWords).map(([k, w]) => `- \`${k.toUpperCase()}\`: ${w}`);
  return [
    "# Verbs",
    "",
    "Generated from `src/check/verbs.ts` (the one verb table); `npm test` fails when this file drifts.",
    "Regenerate with `UPDATE_DOCS=1 npx vitest run test/check/verbs-doc.test.ts`.",
    "",
    "| subject | step | kernel counterpart | modelled |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    "Operand and binding kinds:",
    ...kinds,
    "",
  ].join("\n");
}
