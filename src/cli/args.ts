// The command line as data: a pure function from argv to what to do, or to
// a usage error naming what is wrong. Unknown options are errors (with a
// did-you-mean for long ones); nothing here reads files or prints.
import { parseArgs } from "node:util";
import { closest } from "./suggest.js";
import { NO_OPTIONS, OPTIONS, readOptions, type CommandOptions } from "./options.js";

export type CommandName = "run" | "check" | "fmt" | "list" | "profiles" | "rules" | "verify" | "emit-c" | "mail" | "explain" | "reduce" | "help" | "version";

export interface CommandLine {
  command: CommandName;
  /** Files, directories, or `-` for standard input; `.` when none is given. */
  paths: string[];
  options: CommandOptions;
}

export interface UsageError {
  error: string;
  /** What to try instead: a did-you-mean and where to read the usage. */
  hint: string;
}

const COMMANDS = ["run", "check", "fmt", "list", "profiles", "rules", "verify", "emit-c", "mail", "explain", "reduce", "help"] as const;

const LONG_OPTIONS = Object.keys(OPTIONS).map((o) => `--${o}`);

const SEE_HELP = "see `dmabuf-scn --help`";

function usage(error: string, suggestion?: string): UsageError {
  return { error, hint: suggestion === undefined ? SEE_HELP : `did you mean ${suggestion}? (${SEE_HELP})` };
}

type Token = NonNullable<ReturnType<typeof parseArgs>["tokens"]>[number];

/** The first option token the tool does not accept, as a usage error. */
function badOption(tokens: Token[]): UsageError | undefined {
  for (const t of tokens) {
    if (t.kind !== "option") continue;
    if (!Object.hasOwn(OPTIONS, t.name)) {
      const name = t.rawName;
      return usage(`unknown option ${name}`, name.startsWith("--") ? closest(name, LONG_OPTIONS) : undefined);
    }
    const takesValue = OPTIONS[t.name as keyof typeof OPTIONS].type === "string";
    if (!takesValue && t.inlineValue) return usage(`${t.rawName} takes no value`);
    if (takesValue && t.value === undefined) return usage(`${t.rawName} needs a value`);
  }
  return undefined;
}

function commandOf(word: string | undefined): CommandName | UsageError {
  if (word === undefined) return usage("no command given: try `dmabuf-scn run scenarios`");
  if ((COMMANDS as readonly string[]).includes(word)) return word as CommandName;
  if (word === "version") return usage("unknown command \"version\"", "--version");
  if (word === "-" || word.endsWith(".scn") || word.includes("/")) {
    return { error: `unknown command ${JSON.stringify(word)}`, hint: `to run it: dmabuf-scn run ${word} (${SEE_HELP})` };
  }
  return usage(`unknown command ${JSON.stringify(word)}`, closest(word, COMMANDS));
}

/** Parse `argv` (without `node` and the script): the command, its paths and options, or a usage error. */
export function parseCommandLine(argv: readonly string[]): CommandLine | UsageError {
  // strict: false so that every unknown option is reported by name, with a suggestion, below.
  const { values, positionals, tokens } = parseArgs({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const bad = badOption(tokens);
  if (bad) return bad;
  if (values.help === true) return { command: "help", paths: [], options: NO_OPTIONS };
  if (values.version === true) return { command: "version", paths: [], options: NO_OPTIONS };
  const command = commandOf(positionals[0]);
  if (typeof command !== "string") return command;
  if (command === "help") return { command, paths: [], options: NO_OPTIONS };
  if (values.update === true && command !== "run") return usage(`${command} does not take -u/--update: only run writes goldens`);
  const options = readOptions(command, values);
  if (typeof options === "string") return usage(options);
  const paths = positionals.slice(1);
  if ((command === "profiles" || command === "rules") && paths.length > 0) return usage(`${command} takes no path`);
  return { command, paths: paths.length > 0 ? paths : ["."], options };
}
