// `dmabuf-scn rules [--kernel PROFILE] [--format text|json]`: every rule of
// the kernel model with the profiles it holds for, the kernel source it
// encodes and what it says — the model's own table, so a reviewer can follow
// any answer to the code it came from.
import type { Profile } from "../model/api.js";
import { ruleRows } from "../model/rules-doc.js";
import type { CliIO } from "./cli.js";
import type { CommandOptions } from "./options.js";
import { wrap } from "./profiles.js";

export function rulesText(profile?: Profile): string {
  const rows = ruleRows(profile);
  const out = [`${rows.length} rules${profile ? ` that hold under ${profile}` : ""} (id, profiles, cite, summary):`, ""];
  for (const r of rows) {
    const profiles = r.profiles.length === 4 ? "all profiles" : r.profiles.join(", ");
    out.push(`${r.id}${r.knob ? `  [knob ${r.knob}]` : ""}`, `  ${profiles}`, `  cite: ${r.cite}`, ...wrap(r.summary, "  "));
  }
  return `${out.join("\n")}\n`;
}

export async function rulesCommand(options: CommandOptions, io: CliIO): Promise<number> {
  if (options.kernels.length > 1) {
    io.stderr("dmabuf-scn: rules takes one profile with --kernel\n");
    return 2;
  }
  const format = options.format ?? "text";
  const profile = options.kernels[0] as Profile | undefined;
  io.stdout(format === "json" ? `${JSON.stringify(ruleRows(profile), null, 2)}\n` : rulesText(profile));
  return 0;
}
