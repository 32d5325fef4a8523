// `dmabuf-scn fmt [--check] [PATH...]`: canonical formatting of `.scn`
// files. Without --check each file that changes is rewritten atomically and
// named; with --check nothing is written, the files that would change are
// listed and the exit code is 1 if there is any. A file that does not parse
// is left as it is and its diagnostics printed (exit 2). Standard input is
// formatted to standard output.
import { readFileSync } from "node:fs";
import { formatDiagnostics } from "../diagnostics/print.js";
import { ioMessage, writeFileAtomic } from "../engine/golden-io.js";
import { formatScn } from "../syntax/format.js";
import { colorEnabled, diagnosticColors, palette } from "../report/colors.js";
import type { CliIO } from "./cli.js";
import { collectInputs, reason, STDIN_PATH } from "./inputs.js";
import type { CommandOptions } from "./options.js";

interface Tally {
  changed: string[];
  unchanged: number;
  invalid: number;
  problems: number;
}

const BOM = "\uFEFF";

/** Format one text; prints its diagnostics when it does not parse. Returns the new text, or undefined. */
function formatted(path: string, text: string, io: CliIO, t: Tally): string | undefined {
  const out = formatScn(text);
  const errors = out.diagnostics.filter((d) => d.severity === "error");
  if (errors.length === 0) return out.text;
  t.invalid++;
  const colors = diagnosticColors(palette(colorEnabled(io.env, io.isTTY)));
  io.stdout(`${formatDiagnostics(errors, text, path, colors).replace(/\n+$/, "")}\n`);
  io.stdout(`✗ ${path}: not formatted, it does not parse\n`);
  return undefined;
}

async function formatStdin(io: CliIO, check: boolean, t: Tally): Promise<void> {
  let text: string;
  try {
    text = await io.readStdin();
  } catch (e) {
    t.problems++;
    io.stdout(`✗ ${STDIN_PATH}: cannot read standard input: ${reason(e)}\n`);
    return;
  }
  const next = formatted(STDIN_PATH, text, io, t);
  if (next === undefined) return;
  if (next === text) t.unchanged++;
  else t.changed.push(STDIN_PATH);
  if (!check) io.stdout(next);
}

function formatFile(path: string, io: CliIO, check: boolean, t: Tally): void {
  let raw: string;
  try {
    raw = readFileSync(path, "utf8");
  } catch (e) {
    t.problems++;
    io.stdout(`✗ ${path}: cannot read: ${reason(e)}\n`);
    return;
  }
  const bom = raw.startsWith(BOM) ? BOM : "";
  const text = raw.slice(bom.length);
  const next = formatted(path, text, io, t);
  if (next === undefined) return;
  if (next === text) {
    t.unchanged++;
    return;
  }
  t.changed.push(path);
  if (check) {
    io.stdout(`would reformat ${path}\n`);
    return;
  }
  try {
    writeFileAtomic(path, bom + next);
    io.stdout(`formatted ${path}\n`);
  } catch (e) {
    t.problems++;
    io.stdout(`✗ ${path}: cannot write: ${ioMessage(e)}\n`);
  }
}

function files(n: number): string {
  return `${n} ${n === 1 ? "file" : "files"}`;
}

export async function fmtCommand(paths: readonly string[], opts: CommandOptions, io: CliIO): Promise<number> {
  const t: Tally = { changed: [], unchanged: 0, invalid: 0, problems: 0 };
  const toStdout = paths.length === 1 && paths[0] === "-" && !opts.check;
  for (const input of collectInputs(paths)) {
    if (input.kind === "problem") {
      t.problems++;
      io.stdout(`✗ ${input.path}: ${input.message}\n`);
    } else if (input.kind === "stdin") {
      await formatStdin(io, opts.check, t);
    } else {
      formatFile(input.path, io, opts.check, t);
    }
  }
  // Formatting standard input to standard output prints the text alone.
  if (toStdout) return t.invalid + t.problems > 0 ? 2 : 0;
  const bad = t.invalid + t.problems > 0 ? `, ${t.invalid + t.problems} not formatted` : "";
  if (opts.check) io.stdout(`\n${t.changed.length > 0 ? `${files(t.changed.length)} would be reformatted` : "every file is formatted"}, ${t.unchanged} unchanged${bad}\n`);
  else io.stdout(`\n${files(t.changed.length)} reformatted, ${t.unchanged} unchanged${bad}\n`);
  if (t.invalid + t.problems > 0) return 2;
  return opts.check && t.changed.length > 0 ? 1 : 0;
}
