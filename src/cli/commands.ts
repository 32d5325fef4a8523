// The commands behind the command line, each loaded only when it is the one
// asked for: `run` and `check` (session.ts), `fmt`, `list` and `profiles`.
// `help` and `--version` never get here (cli.ts answers them first).
import type { CommandLine } from "./args.js";
import type { CliIO } from "./cli.js";

/** Run the command of `cl`; resolves to the exit code. */
export async function runCommandLine(cl: CommandLine, ci: boolean, io: CliIO): Promise<number> {
  switch (cl.command) {
    case "run":
    case "check":
      return (await import("./session.js")).runInputs(cl.command, cl.paths, cl.options, ci, io);
    case "fmt":
      return (await import("./fmt.js")).fmtCommand(cl.paths, cl.options, io);
    case "list":
      return (await import("./list.js")).listCommand(cl.paths, cl.options, io);
    case "profiles":
      return (await import("./profiles.js")).profilesCommand(io);
    case "rules":
      return (await import("./rules.js")).rulesCommand(cl.options, io);
    case "verify":
      return (await import("./cmd-verify.js")).verifyCommand(cl.paths, cl.options, io);
    case "emit-c":
      return (await import("./cmd-emit-c.js")).emitCCommand(cl.paths, io);
    case "mail":
      return (await import("./cmd-mail.js")).mailCommand(cl.paths, cl.options, io);
    case "explain":
      return (await import("./cmd-explain.js")).explainCommand(cl.paths, cl.options, io);
    case "reduce":
      return (await import("./cmd-reduce.js")).reduceCommand(cl.paths, cl.options, io);
    case "help":
    case "version":
      throw new Error(`${cl.command} is answered before any command runs`);
  }
}
