// The CLI in process for tests: `main` with captured streams and a given
// environment (nothing of the test process's own environment leaks in).
import { main } from "../../src/cli/cli.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], opts: { env?: NodeJS.ProcessEnv; stdin?: string; isTTY?: boolean } = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: opts.env ?? {},
    isTTY: opts.isTTY ?? false,
    readStdin: async () => opts.stdin ?? "",
  });
  return { code, stdout, stderr };
}
