// `dmabuf-scn mail FILE [--scenario NAME] [--kernel P,...]`: the scenarios
// of FILE as a plain-text block to paste into a mail — each formatted, with
// its result block and trailer (report/mail.ts). With --kernel, the outcomes
// under those profiles are shown beside the scenario's own. A line that is
// still wider than 78 columns (a step too long to break) is named on stderr.
import type { CheckedScenario } from "../check/checked.js";
import { modelledProfiles } from "../check/words.js";
import { runChecked } from "../engine/run.js";
import type { ScenarioResult } from "../engine/types.js";
import { mailText, overlongLines } from "../report/mail.js";
import type { CliIO } from "./cli.js";
import { loadScenarioFile, scenarioText, type ScenarioFile } from "./cmd-scenario.js";
import { version } from "./version.js";

export interface MailOptions {
  scenario?: string;
  /** Profiles to show beside each scenario's own. */
  kernels: string[];
}

/** The scenario's results: under its own profile first, then under each other profile asked for. */
export function resultsOf(file: ScenarioFile, sc: CheckedScenario, kernels: readonly string[]): ScenarioResult[] {
  const own = runChecked(sc, file.source);
  const others = kernels.filter((k) => k !== sc.profile).map((profile) => runChecked({ ...sc, profile }, file.source));
  return [own, ...others];
}

/** Run the `mail` command; resolves to the exit code. */
export async function mailCommand(paths: readonly string[], opts: MailOptions, io: CliIO): Promise<number> {
  const unmodelled = opts.kernels.filter((k) => !modelledProfiles.has(k));
  if (unmodelled.length > 0) {
    io.stderr(`dmabuf-scn: kernel profile ${unmodelled.join(", ")} is known but not modelled yet: the model follows ${[...modelledProfiles].join(", ")}\n`);
    return 2;
  }
  const file = await loadScenarioFile("mail", paths, opts.scenario, io);
  if (typeof file === "number") return file;
  const scenarios = file.chosen.map((sc) => ({ text: scenarioText(file, sc), results: resultsOf(file, sc, opts.kernels) }));
  const text = mailText(scenarios, { version: version() });
  io.stdout(text);
  const wide = overlongLines(text);
  if (wide.length > 0) io.stderr(`dmabuf-scn: line ${wide.join(", ")} of the mail ${wide.length === 1 ? "is" : "are"} wider than 78 columns: a mail client may re-wrap ${wide.length === 1 ? "it" : "them"}\n`);
  return 0;
}
