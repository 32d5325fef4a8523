// `dmabuf-scn explain FILE [--scenario NAME] [--format text|dot|mermaid]`:
// each chosen scenario step by step (the kernel path, events, objects
// created, changed and released, references taken and dropped) and its
// object graph at the end; `dot` and `mermaid` print the graph alone, for
// a picture.
import { traceScenario } from "../engine/trace.js";
import { explainText } from "../report/explain.js";
import { graphDot, graphMermaid } from "../report/explain-graph.js";
import type { CliIO } from "./cli.js";
import { loadScenarioFile } from "./cmd-scenario.js";

export const EXPLAIN_FORMATS = ["text", "dot", "mermaid"] as const;
export type ExplainFormat = (typeof EXPLAIN_FORMATS)[number];

export interface ExplainOptions {
  scenario?: string;
  format?: string;
}

/** Run the `explain` command; resolves to the exit code. */
export async function explainCommand(paths: readonly string[], opts: ExplainOptions, io: CliIO): Promise<number> {
  const format = opts.format ?? "text";
  if (!(EXPLAIN_FORMATS as readonly string[]).includes(format)) {
    io.stderr(`dmabuf-scn: --format ${JSON.stringify(format)} is not a format of explain: one of ${EXPLAIN_FORMATS.join(", ")}\n`);
    return 2;
  }
  const file = await loadScenarioFile("explain", paths, opts.scenario, io);
  if (typeof file === "number") return file;
  const parts = file.chosen.map((sc) => {
    const trace = traceScenario(sc, file.source);
    if (format === "dot") return graphDot(trace.result.snapshot, trace.result.title);
    if (format === "mermaid") return graphMermaid(trace.result.snapshot, trace.result.title);
    return explainText(trace);
  });
  io.stdout(parts.join("\n"));
  return 0;
}
