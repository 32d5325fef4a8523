// Where each `--reporter NAME[:PATH]` writes: standard output as the run
// goes, or a file written whole (atomically, its directory made) when the
// run ends. Without any --reporter, pretty on standard output. Colour only
// for standard output on a terminal; a report file is always plain.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { writeFileAtomic, ioMessage } from "../engine/golden-io.js";
import { colorEnabled, palette } from "../report/colors.js";
import { createReporter, Fanout } from "../report/registry.js";
import type { Command, Reporter } from "../report/reporter.js";
import type { CliIO } from "./cli.js";
import type { ReporterSpec } from "./options.js";
import { version } from "./version.js";

export interface Outputs {
  reporter: Reporter;
  /** Whether any reporter prints the final state snapshots (json does). */
  needsSnapshots: boolean;
  /** End every reporter and write the report files; the messages of those that could not be written. */
  finish(summary: Parameters<Reporter["onEnd"]>[0]): Promise<string[]>;
}

interface FileOut {
  path: string;
  chunks: string[];
}

export async function openOutputs(specs: readonly ReporterSpec[], command: Command, io: CliIO, stdout: (text: string) => void): Promise<Outputs> {
  const list = specs.length > 0 ? specs : [{ name: "pretty" as const }];
  const reporters: Reporter[] = [];
  const files: FileOut[] = [];
  for (const spec of list) {
    let write = stdout;
    let colored = colorEnabled(io.env, io.isTTY);
    if (spec.path !== undefined) {
      const out: FileOut = { path: spec.path, chunks: [] };
      files.push(out);
      write = (text) => void out.chunks.push(text);
      colored = false;
    }
    reporters.push(await createReporter(spec.name, { command, write, colors: palette(colored), version: version(), env: io.env }));
  }
  const fanout = new Fanout(reporters);
  return {
    reporter: fanout,
    needsSnapshots: list.some((s) => s.name === "json"),
    async finish(summary) {
      const problems: string[] = [];
      try {
        await fanout.onEnd(summary);
      } catch (e) {
        problems.push(`cannot finish the report: ${ioMessage(e)}`);
      }
      for (const f of files) {
        try {
          mkdirSync(dirname(f.path), { recursive: true });
          writeFileAtomic(f.path, f.chunks.join(""));
        } catch (e) {
          problems.push(`cannot write ${f.path}: ${ioMessage(e)}`);
        }
      }
      return problems;
    },
  };
}
