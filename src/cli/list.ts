// `dmabuf-scn list [PATH...]`: the scenarios a run would take (after --tag,
// --grep and --shard), one line each with where it is, its profile and its
// tags; then every tag and every profile used, with how many scenarios have
// it. It parses but runs nothing; a file that does not parse is shown with
// its diagnostics (exit 2).
import { readFileSync } from "node:fs";
import { defaultProfile } from "../check/words.js";
import { formatDiagnostics } from "../diagnostics/print.js";
import { leftOutBy } from "../engine/select.js";
import { colorEnabled, diagnosticColors, palette } from "../report/colors.js";
import { parseScn } from "../syntax/parse.js";
import type { Scenario } from "../syntax/ast.js";
import type { CliIO } from "./cli.js";
import { collectInputs, reason, STDIN_PATH } from "./inputs.js";
import type { CommandOptions } from "./options.js";
import { selectionOf } from "./session.js";

/** `linux-6.12`, or `linux-6.12 with move-notify=on` when the scenario sets knobs. */
export function profileOf(sc: Scenario): string {
  const k = sc.kernel;
  if (k === undefined) return defaultProfile;
  const knobs = k.knobs.map((kn) => `${kn.key.name}=${kn.value.kind === "ident" ? kn.value.name : kn.value.text}`);
  return knobs.length > 0 ? `${k.profile} with ${knobs.join(" ")}` : k.profile;
}

function countLine(label: string, counts: Map<string, number>): string {
  const items = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, n]) => `${k} ${n}`);
  return `${label}: ${items.length > 0 ? items.join(", ") : "none"}`;
}

function bump(m: Map<string, number>, key: string): void {
  m.set(key, (m.get(key) ?? 0) + 1);
}

export async function listCommand(paths: readonly string[], opts: CommandOptions, io: CliIO): Promise<number> {
  const sel = selectionOf(opts);
  const tags = new Map<string, number>();
  const profiles = new Map<string, number>();
  let scenarios = 0;
  let files = 0;
  let bad = 0;
  const colors = diagnosticColors(palette(colorEnabled(io.env, io.isTTY)));
  for (const input of collectInputs(paths)) {
    if (input.kind === "problem") {
      bad++;
      io.stdout(`✗ ${input.path}: ${input.message}\n`);
      continue;
    }
    const path = input.kind === "stdin" ? STDIN_PATH : input.path;
    let text: string;
    try {
      text = input.kind === "stdin" ? await io.readStdin() : readFileSync(input.path, "utf8").replace(/^\uFEFF/, "");
    } catch (e) {
      bad++;
      io.stdout(`✗ ${path}: cannot read: ${reason(e)}\n`);
      continue;
    }
    const parsed = parseScn(text);
    const errors = parsed.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) {
      bad++;
      io.stdout(`${formatDiagnostics(errors, text, path, colors).replace(/\n+$/, "")}\n✗ ${path}: does not parse\n`);
      continue;
    }
    let listed = 0;
    for (const sc of parsed.file.scenarios) {
      const names = sc.tags.map((t) => t.name);
      const profile = profileOf(sc);
      if (leftOutBy(sel, path, { title: sc.title, tags: names }) !== undefined) continue;
      listed++;
      names.forEach((t) => bump(tags, t));
      bump(profiles, profile);
      const tagText = names.length > 0 ? `  [${names.join(" ")}]` : "";
      io.stdout(`${path}:${sc.span.startLine}  ${sc.title}  ${profile}${tagText}\n`);
    }
    if (listed > 0) files++;
    scenarios += listed;
  }
  io.stdout(`\n${countLine("tags", tags)}\n${countLine("profiles", profiles)}\n`);
  io.stdout(`${scenarios} ${scenarios === 1 ? "scenario" : "scenarios"} in ${files} ${files === 1 ? "file" : "files"}\n`);
  return bad > 0 ? 2 : 0;
}
