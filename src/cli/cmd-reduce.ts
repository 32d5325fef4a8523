// `dmabuf-scn reduce FILE [--scenario NAME]`: shrink a failing or
// hazard-producing scenario to a minimal one that still shows the same
// failure (engine/reduce.ts) and print it ready to mail, with its result
// block; how much went is said on stderr.
import { reduceScenario } from "../engine/reduce.js";
import { mailText } from "../report/mail.js";
import type { CliIO } from "./cli.js";
import { loadScenarioFile } from "./cmd-scenario.js";
import { version } from "./version.js";

export interface ReduceOptions {
  scenario?: string;
}

/** Run the `reduce` command; resolves to the exit code. */
export async function reduceCommand(paths: readonly string[], opts: ReduceOptions, io: CliIO): Promise<number> {
  const file = await loadScenarioFile("reduce", paths, opts.scenario, io);
  if (typeof file === "number") return file;
  if (file.chosen.length > 1) {
    io.stderr(`dmabuf-scn: ${file.path} has ${file.chosen.length} scenarios: name the one to reduce with --scenario\n`);
    return 2;
  }
  const sc = file.chosen[0]!;
  const r = reduceScenario(file.source, sc.ast.title);
  if ("error" in r) {
    io.stderr(`dmabuf-scn: cannot reduce: ${r.error}\n`);
    return 2;
  }
  const from = file.path.replace(/^.*\//, "");
  const text = `# reduced by dmabuf-scn from ${from}: ${r.stepsAfter} of ${r.stepsBefore} steps\n${r.text}`;
  io.stdout(mailText([{ text, results: [r.result] }], { version: version() }));
  io.stderr(`dmabuf-scn: ${r.stepsBefore} steps reduced to ${r.stepsAfter} (${r.tests} candidates run)\n`);
  return 0;
}
