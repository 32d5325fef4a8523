// `dmabuf-scn profiles`: the kernel profiles a scenario can ask for, every
// behaviour that differs between them (with its value in each profile and
// the kernel source that decides it), and the what-if knobs with their
// values, what each changes and its citation. All of it is read from the
// model's rule table, so this list is the model's own.
import { defaultProfile, knobValues, profileNames } from "../check/words.js";
import { allRules } from "../model/index.js";
import type { CliIO } from "./cli.js";

const WIDTH = 78;

/** `text` wrapped to WIDTH columns, each line starting with `indent`. */
export function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line !== "" && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(indent + line);
  return lines;
}

export function profilesText(): string {
  const rules = allRules();
  const out = [`Profiles (\`kernel PROFILE\`; without a kernel line: ${defaultProfile})`, `  ${profileNames.join("  ")}`, ""];
  out.push("What differs between them:");
  for (const r of rules.filter((x) => x.id.startsWith("profile."))) {
    out.push(`  ${r.id.slice("profile.".length)}`, ...wrap(r.summary, "    "), `    cite: ${r.cite}`);
  }
  out.push("", "Knobs (`kernel PROFILE with KNOB=VALUE`), what-ifs on top of a profile:");
  for (const r of rules.filter((x) => x.knob !== undefined)) {
    const values = knobValues[r.knob!] ?? [];
    out.push(values.length > 0 ? `  ${r.knob}=${values.join("|")}` : `  ${r.knob}`, ...wrap(r.summary, "    "));
    out.push(`    cite: ${r.cite}`);
    if (r.profiles !== "all") out.push(`    only in ${r.profiles.join(", ")}`);
  }
  return `${out.join("\n")}\n`;
}

export async function profilesCommand(io: CliIO): Promise<number> {
  io.stdout(profilesText());
  return 0;
}
