// The `dmabuf-scn` executable: wires the process (argv, stdout, stderr,
// stdin, environment) to `main` and sets the exit code. bin/dmabuf-scn.js
// loads the bundle built from this file.
import { main, type CliIO } from "./cli.js";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/^\uFEFF/, "");
}

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

main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`dmabuf-scn: internal error: ${e instanceof Error ? e.message : String(e)} (this is a bug in dmabuf-scn; please report it)\n`);
    process.exitCode = 2;
  },
);
