// `dmabuf-scn emit-c FILE`: print the C program verify would build for the
// scenarios of one .scn file, to read, mail, or build and run by hand.
import { readFileSync, statSync } from "node:fs";
import type { CliIO } from "./cli.js";
import { reason } from "./inputs.js";
import { formatDiagnostics } from "../diagnostics/print.js";
import { loadSource } from "../verify/load.js";
import { emitProgram } from "../verify/emit-c.js";

function readOne(paths: readonly string[]): { path: string; text: string } | string {
  if (paths.length !== 1 || paths[0] === ".") return "emit-c takes one .scn file";
  const path = paths[0]!;
  try {
    if (statSync(path).isDirectory()) return `${path} is a directory: emit-c takes one .scn file`;
    return { path, text: readFileSync(path, "utf8").replace(/^\uFEFF/, "") };
  } catch (e) {
    return `${path}: cannot read: ${reason(e)}`;
  }
}

export async function emitCCommand(paths: readonly string[], io: CliIO): Promise<number> {
  const one = readOne(paths);
  if (typeof one === "string") {
    io.stderr(`dmabuf-scn: ${one}\nsee \`dmabuf-scn --help\`\n`);
    return 2;
  }
  const file = loadSource(one.text, one.path);
  if (file.diagnostics.length > 0) io.stderr(`${formatDiagnostics(file.diagnostics, file.source, file.path)}\n`);
  if (file.diagnostics.some((d) => d.severity === "error")) return 2;
  io.stdout(emitProgram(file.scenarios.map((s) => ({ path: s.path, plan: s.plan }))));
  return 0;
}
