// The CLI as a function: argv and the process's streams in, an exit code
// out. It parses the command line, runs the command through a reporter, and
// turns a crash (a bug, never a user error) into one line and exit code 2.
import { parseCommandLine } from "./args.js";
import { HELP } from "./help.js";
import { version } from "./version.js";

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal (colour). */
  isTTY: boolean;
  readStdin: () => Promise<string>;
  /** Whether stderr is a terminal: progress is shown there on long runs. */
  stderrIsTTY?: boolean;
  /** Milliseconds on a monotonic clock (progress only: no output depends on it). */
  now?: () => number;
  /** The CLI bundle's own file, which worker threads start from; absent when running from source (then one thread). */
  workerScript?: string;
}

/** `CI` set and not `""`, `"0"` or `"false"`. */
export function isCI(env: NodeJS.ProcessEnv): boolean {
  const v = env.CI;
  return v !== undefined && v !== "" && v !== "0" && v.toLowerCase() !== "false";
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Run the command line; resolves to the exit code (0 passed, 1 failed, 2 invalid input, usage or internal error). */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const cl = parseCommandLine(argv);
  if ("error" in cl) {
    io.stderr(`dmabuf-scn: ${cl.error}\n${cl.hint}\n`);
    return 2;
  }
  if (cl.command === "help") {
    io.stdout(HELP);
    return 0;
  }
  if (cl.command === "version") {
    io.stdout(`dmabuf-scn ${version()}\n`);
    return 0;
  }
  try {
    const { runCommandLine } = await import("./commands.js");
    return await runCommandLine(cl, isCI(io.env), io);
  } catch (e) {
    io.stderr(`dmabuf-scn: internal error: ${describe(e)} (this is a bug in dmabuf-scn; please report it)\n`);
    return 2;
  }
}
