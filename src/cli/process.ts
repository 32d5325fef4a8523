// Wires the real process (argv, stdout, stderr, stdin, environment) to
// `main` and sets the exit code. Both the bundle's entry (dist/cli.cjs, run
// by bin/dmabuf-scn.js) and src/cli/main.ts start here.
import { performance } from "node:perf_hooks";
import { isMainThread, workerData } from "node:worker_threads";
import { main, type CliIO } from "./cli.js";

// Started as a worker thread of a parallel run: serve files, nothing else.
if (!isMainThread && (workerData as { role?: string } | null)?.role === "dmabuf-scn-file-worker") {
  void import("../engine/workers.js").then((w) => w.serveIfWorker());
}

/** The bundle's own file (dist/cli.cjs) when running bundled: worker threads start from it. */
function bundleFile(): string | undefined {
  return typeof __filename === "string" && __filename.endsWith(".cjs") ? __filename : undefined;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/^\uFEFF/, "");
}

export function start(argv: readonly string[]): void {
  // Output piped into `head` or a closed pager is not an error worth a trace.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
  const io: CliIO = {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    readStdin,
    stderrIsTTY: process.stderr.isTTY === true,
    now: () => performance.now(),
  };
  const script = bundleFile();
  if (script !== undefined) io.workerScript = script;
  main(argv, io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`dmabuf-scn: internal error: ${e instanceof Error ? e.message : String(e)} (this is a bug in dmabuf-scn; please report it)\n`);
      process.exitCode = 2;
    },
  );
}

/**
 * Runs a scenario file through the whole CLI with output discarded and
 * goldens judged as under CI (nothing is written). The build calls it once so
 * that V8's code cache holds the functions a run compiles.
 */
export async function warm(path: string): Promise<number> {
  const quiet = () => undefined;
  return main(["run", path], { stdout: quiet, stderr: quiet, env: { CI: "true", NO_COLOR: "1" }, isTTY: false, readStdin: async () => "" });
}
