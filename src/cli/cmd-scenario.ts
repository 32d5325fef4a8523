// The input of `mail`, `explain` and `reduce`: one `.scn` file (or `-` for
// standard input), parsed and checked, and the scenarios `--scenario NAME`
// picks (every scenario without it). Diagnostics and wrong arguments are
// printed here and come back as exit code 2.
import { readFileSync } from "node:fs";
import { checkFile } from "../check/check.js";
import type { CheckedScenario } from "../check/checked.js";
import { formatDiagnostics } from "../diagnostics/print.js";
import { colorEnabled, diagnosticColors, palette } from "../report/colors.js";
import { parseScn } from "../syntax/parse.js";
import type { CliIO } from "./cli.js";
import { reason, STDIN_PATH } from "./inputs.js";

export interface ScenarioFile {
  path: string;
  source: string;
  /** The scenarios asked for, in file order. */
  chosen: CheckedScenario[];
  /** Every scenario of the file, in file order. */
  all: CheckedScenario[];
}

async function read(path: string, io: CliIO): Promise<string> {
  if (path === "-") return io.readStdin();
  return readFileSync(path, "utf8").replace(/^\uFEFF/, "");
}

/** The scenario text with the comments above it: from the end of the one before. */
export function scenarioText(file: ScenarioFile, sc: CheckedScenario): string {
  const i = file.all.indexOf(sc);
  const start = i <= 0 ? 0 : file.all[i - 1]!.ast.span.endOffset;
  return file.source.slice(start, sc.ast.span.endOffset);
}

function pick(all: CheckedScenario[], name: string | undefined): CheckedScenario[] | string {
  if (name === undefined) return all;
  const exact = all.filter((s) => s.ast.title === name);
  if (exact.length > 0) return exact;
  const near = all.filter((s) => s.ast.title.toLowerCase().includes(name.toLowerCase()));
  if (near.length === 1) return near;
  const titles = all.map((s) => `  ${JSON.stringify(s.ast.title)}`).join("\n");
  return `no scenario is titled ${JSON.stringify(name)}${near.length > 1 ? " (several titles contain it)" : ""}; the file has:\n${titles}`;
}

/** Read, parse and check `paths` (exactly one); the scenarios chosen, or the exit code after printing why not. */
export async function loadScenarioFile(command: string, paths: readonly string[], scenario: string | undefined, io: CliIO): Promise<ScenarioFile | number> {
  if (paths.length !== 1 || paths[0] === ".") {
    io.stderr(`dmabuf-scn: ${command} takes one .scn file (or - for standard input)\nsee \`dmabuf-scn --help\`\n`);
    return 2;
  }
  const path = paths[0] === "-" ? STDIN_PATH : paths[0]!;
  let source: string;
  try {
    source = await read(paths[0]!, io);
  } catch (e) {
    io.stderr(`dmabuf-scn: ${path}: cannot read: ${reason(e)}\n`);
    return 2;
  }
  const parsed = parseScn(source);
  const checked = parsed.diagnostics.some((d) => d.severity === "error") ? undefined : checkFile(parsed.file);
  const diagnostics = [...parsed.diagnostics, ...(checked?.diagnostics ?? [])];
  if (checked === undefined || diagnostics.some((d) => d.severity === "error")) {
    const colors = diagnosticColors(palette(colorEnabled(io.env, false)));
    io.stderr(`${formatDiagnostics(diagnostics, source, path, colors).replace(/\n+$/, "")}\n`);
    io.stderr(`dmabuf-scn: ${path} has errors: nothing to ${command}\n`);
    return 2;
  }
  const chosen = pick(checked.scenarios, scenario);
  if (typeof chosen === "string") {
    io.stderr(`dmabuf-scn: ${chosen}\n`);
    return 2;
  }
  return { path, source, chosen, all: checked.scenarios };
}
