// The options of every command: how `node:util` parseArgs reads them, which
// commands take which, and their values checked into plain data (a reporter
// list, a tag list, a title pattern, kernel profiles, a shard, a job count).
// Pure: nothing here reads files or prints.
import { profileNames } from "../check/words.js";
import { REPORTER_NAMES, type ReporterName } from "../report/names.js";
import { closest } from "./suggest.js";

export const OPTIONS = {
  update: { type: "boolean", short: "u" },
  prune: { type: "boolean" },
  check: { type: "boolean" },
  reporter: { type: "string", multiple: true },
  tag: { type: "string", multiple: true },
  grep: { type: "string" },
  kernel: { type: "string" },
  shard: { type: "string" },
  jobs: { type: "string", short: "j" },
  scenario: { type: "string" },
  format: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

export type OptionName = keyof typeof OPTIONS;

/** Which commands take each option (help and version: all). */
const TAKEN_BY: Record<Exclude<OptionName, "help" | "version">, readonly string[]> = {
  update: ["run"],
  prune: ["run"],
  check: ["fmt"],
  reporter: ["run", "check"],
  tag: ["run", "list"],
  grep: ["run", "list"],
  kernel: ["run", "verify", "mail", "rules"],
  shard: ["run", "list"],
  jobs: ["run"],
  scenario: ["mail", "explain", "reduce"],
  format: ["explain", "rules"],
};

export interface ReporterSpec {
  name: ReporterName;
  /** Where the report goes; standard output when absent. */
  path?: string;
}

export interface CommandOptions {
  update: boolean;
  prune: boolean;
  /** fmt: list the files that would change instead of rewriting them. */
  check: boolean;
  /** Empty: the default (pretty on standard output). */
  reporters: ReporterSpec[];
  tags: string[];
  /** A regular expression over scenario titles, as written. */
  grep?: string;
  /** Profiles to run each scenario under, besides its own. */
  kernels: string[];
  /** mail, explain, reduce: the scenario to take, by title. */
  scenario?: string;
  /** explain: text, dot or mermaid. */
  format?: string;
  shard?: { index: number; count: number };
  /** Worker threads; absent: decided by the size of the run. */
  jobs?: number;
}

export const NO_OPTIONS: CommandOptions = { update: false, prune: false, check: false, reporters: [], tags: [], kernels: [] };

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Option values as parseArgs gives them, checked for `command`; a message for the first wrong one. */
export function readOptions(command: string, values: Values): CommandOptions | string {
  for (const [name, takers] of Object.entries(TAKEN_BY)) {
    if (values[name] !== undefined && !takers.includes(command)) return `${command} does not take --${name}${name === "update" ? " (-u)" : ""}`;
  }
  const strings = (name: string): string[] => ([] as unknown[]).concat(values[name] ?? []).filter((v): v is string => typeof v === "string");
  const reporters = readReporters(strings("reporter"));
  if (typeof reporters === "string") return reporters;
  const opts: CommandOptions = { ...NO_OPTIONS, update: values.update === true, prune: values.prune === true, check: values.check === true, reporters };
  opts.tags = strings("tag").flatMap((t) => t.split(",")).filter((t) => t !== "");
  const grep = strings("grep")[0];
  if (grep !== undefined) {
    const bad = patternError(grep);
    if (bad) return `--grep ${JSON.stringify(grep)} is not a regular expression: ${bad}`;
    opts.grep = grep;
  }
  const kernel = strings("kernel")[0];
  if (kernel !== undefined) {
    const kernels = readKernels(kernel);
    if (typeof kernels === "string") return kernels;
    opts.kernels = kernels;
  }
  const shard = strings("shard")[0];
  if (shard !== undefined) {
    const s = readShard(shard);
    if (typeof s === "string") return s;
    opts.shard = s;
  }
  const jobs = strings("jobs")[0];
  if (jobs !== undefined) {
    if (!/^[1-9][0-9]{0,3}$/.test(jobs)) return `--jobs takes a number of threads (1 runs everything in this one), not ${JSON.stringify(jobs)}`;
    opts.jobs = Number(jobs);
  }
  const scenario = strings("scenario")[0];
  if (scenario !== undefined) opts.scenario = scenario;
  const format = strings("format")[0];
  const formats = command === "rules" ? ["text", "json"] : ["text", "dot", "mermaid"];
  if (format !== undefined && !formats.includes(format)) return `--format takes ${formats.slice(0, -1).join(", ")} or ${formats.at(-1)}, not ${JSON.stringify(format)}`;
  if (format !== undefined) opts.format = format;
  return opts;
}

/** `junit:out/report.xml` → { name: "junit", path: "out/report.xml" }. */
function readReporters(specs: string[]): ReporterSpec[] | string {
  const out: ReporterSpec[] = [];
  for (const spec of specs) {
    const colon = spec.indexOf(":");
    const name = colon < 0 ? spec : spec.slice(0, colon);
    const path = colon < 0 ? undefined : spec.slice(colon + 1);
    if (!(REPORTER_NAMES as readonly string[]).includes(name)) {
      const near = closest(name, REPORTER_NAMES);
      return `unknown reporter ${JSON.stringify(name)}${near ? ` (did you mean ${near}?)` : ""}: one of ${REPORTER_NAMES.join(", ")}`;
    }
    if (path === "") return `--reporter ${spec}: the path after ":" is empty`;
    out.push(path === undefined ? { name: name as ReporterName } : { name: name as ReporterName, path });
  }
  const files = out.flatMap((r) => (r.path === undefined ? [] : [r.path]));
  const twice = files.find((p, i) => files.indexOf(p) !== i);
  if (twice !== undefined) return `two reporters write to ${twice}`;
  return out;
}

function patternError(source: string): string | undefined {
  try {
    new RegExp(source, "u");
    return undefined;
  } catch (e) {
    return (e instanceof Error ? e.message : String(e)).replace(/^Invalid regular expression: /, "");
  }
}

/** `linux-5.10,linux-6.12` → the profiles, each known, none twice. */
function readKernels(list: string): string[] | string {
  const kernels = list.split(",").map((k) => k.trim()).filter((k) => k !== "");
  if (kernels.length === 0) return "--kernel takes a comma-separated list of profiles, e.g. linux-6.1,linux-6.12";
  for (const k of kernels) {
    if (!profileNames.includes(k)) {
      const near = closest(k, profileNames);
      return `unknown kernel profile ${JSON.stringify(k)}${near ? ` (did you mean ${near}?)` : ""}: profiles are ${profileNames.join(", ")}`;
    }
  }
  return [...new Set(kernels)];
}

/** `2/4` → the second of four shards. */
function readShard(text: string): { index: number; count: number } | string {
  const m = /^([1-9][0-9]*)\/([1-9][0-9]*)$/.exec(text);
  if (!m) return `--shard takes I/N (this machine's shard I of N, 1 <= I <= N), not ${JSON.stringify(text)}`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (index > count) return `--shard ${text}: there is no shard ${index} of ${count}`;
  return { index, count };
}
