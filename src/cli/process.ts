// Wires the real process (argv, stdout, stderr, stdin, environment) to
// `main` and sets the exit code. Both the bundle's entry (dist/cli.cjs, run
// by bin/dmabuf-scn.js) and src/cli/main.ts start here.
import { main, type CliIO } from "./cli.js";

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
  };
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
