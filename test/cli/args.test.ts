// The command line as data: commands, paths, options and their values,
// help and version, and the usage errors with their did-you-mean.
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../src/cli/args.js";
import { NO_OPTIONS } from "../../src/cli/options.js";
import { closest } from "../../src/cli/suggest.js";
import { isCI } from "../../src/cli/cli.js";

describe("parseCommandLine", () => {
  it("reads run with paths, stdin and -u in any order", () => {
    const update = { ...NO_OPTIONS, update: true };
    expect(parseCommandLine(["run", "a.scn", "-u", "dir", "-"])).toEqual({ command: "run", paths: ["a.scn", "dir", "-"], options: update });
    expect(parseCommandLine(["run", "--update", "x.scn"])).toEqual({ command: "run", paths: ["x.scn"], options: update });
  });

  it("defaults to the current directory", () => {
    expect(parseCommandLine(["check"])).toEqual({ command: "check", paths: ["."], options: NO_OPTIONS });
  });

  it("takes a path that starts with - after --", () => {
    expect(parseCommandLine(["run", "--", "-odd.scn"])).toEqual({ command: "run", paths: ["-odd.scn"], options: NO_OPTIONS });
  });

  it("reads reporters with and without a file, repeated", () => {
    const cl = parseCommandLine(["run", "--reporter", "junit:out/j.xml", "--reporter=ktap", "--reporter", "github", "x"]);
    expect(cl).toMatchObject({ options: { reporters: [{ name: "junit", path: "out/j.xml" }, { name: "ktap" }, { name: "github" }] } });
    expect(parseCommandLine(["run", "--reporter", "junt"])).toMatchObject({ error: 'unknown reporter "junt" (did you mean junit?): one of pretty, ktap, tap, junit, json, github' });
    expect(parseCommandLine(["run", "--reporter", "json:"])).toMatchObject({ error: '--reporter json:: the path after ":" is empty' });
    expect(parseCommandLine(["run", "--reporter", "json:a", "--reporter", "junit:a"])).toMatchObject({ error: "two reporters write to a" });
    expect(parseCommandLine(["run", "--reporter"])).toMatchObject({ error: "--reporter needs a value" });
  });

  it("reads the selection: tags, a title pattern, kernels and a shard", () => {
    const cl = parseCommandLine(["run", "--tag", "userptr", "--tag", "mmap,gup", "--grep", "^pin", "--kernel", "linux-6.1,linux-6.12", "--shard", "2/4", "-j", "3"]);
    expect(cl).toMatchObject({ options: { tags: ["userptr", "mmap", "gup"], grep: "^pin", kernels: ["linux-6.1", "linux-6.12"], shard: { index: 2, count: 4 }, jobs: 3 } });
    expect(parseCommandLine(["run", "--grep", "("])).toMatchObject({ error: expect.stringMatching(/^--grep "\(" is not a regular expression: /) });
    expect(parseCommandLine(["run", "--kernel", "linux-612"])).toMatchObject({ error: expect.stringContaining('unknown kernel profile "linux-612" (did you mean linux-6.12?)') });
    expect(parseCommandLine(["run", "--shard", "5/4"])).toMatchObject({ error: "--shard 5/4: there is no shard 5 of 4" });
    expect(parseCommandLine(["run", "--shard", "0/4"])).toMatchObject({ error: expect.stringContaining("--shard takes I/N") });
    expect(parseCommandLine(["run", "-j", "0"])).toMatchObject({ error: expect.stringContaining("--jobs takes a number") });
  });

  it("knows fmt, list and profiles, and which options each takes", () => {
    expect(parseCommandLine(["fmt", "--check", "scenarios"])).toEqual({ command: "fmt", paths: ["scenarios"], options: { ...NO_OPTIONS, check: true } });
    expect(parseCommandLine(["list", "--tag", "mmap"])).toMatchObject({ command: "list", paths: ["."], options: { tags: ["mmap"] } });
    expect(parseCommandLine(["profiles"])).toMatchObject({ command: "profiles" });
    expect(parseCommandLine(["profiles", "x"])).toMatchObject({ error: "profiles takes no path" });
    expect(parseCommandLine(["run", "--check"])).toMatchObject({ error: "run does not take --check" });
    expect(parseCommandLine(["fmt", "--prune"])).toMatchObject({ error: "fmt does not take --prune" });
    expect(parseCommandLine(["check", "--tag", "x"])).toMatchObject({ error: "check does not take --tag" });
  });

  it("knows help and version in every spelling", () => {
    for (const argv of [["help"], ["--help"], ["-h"], ["run", "--help"]]) expect(parseCommandLine(argv)).toMatchObject({ command: "help" });
    expect(parseCommandLine(["--version"])).toMatchObject({ command: "version" });
  });

  it("names an unknown option and suggests the long one meant", () => {
    expect(parseCommandLine(["run", "--updte", "x.scn"])).toEqual({
      error: "unknown option --updte",
      hint: "did you mean --update? (see `dmabuf-scn --help`)",
    });
    expect(parseCommandLine(["run", "-x"])).toEqual({ error: "unknown option -x", hint: "see `dmabuf-scn --help`" });
    expect(parseCommandLine(["run", "--colour"])).toEqual({ error: "unknown option --colour", hint: "see `dmabuf-scn --help`" });
  });

  it("refuses a value on a flag, and -u outside run", () => {
    expect(parseCommandLine(["run", "--update=yes"])).toMatchObject({ error: "--update takes no value" });
    expect(parseCommandLine(["check", "-u"])).toMatchObject({ error: "check does not take -u/--update: only run writes goldens" });
  });

  it("names an unknown or missing command", () => {
    expect(parseCommandLine(["rn", "x.scn"])).toEqual({ error: 'unknown command "rn"', hint: "did you mean run? (see `dmabuf-scn --help`)" });
    expect(parseCommandLine(["x.scn"])).toEqual({ error: 'unknown command "x.scn"', hint: "to run it: dmabuf-scn run x.scn (see `dmabuf-scn --help`)" });
    expect(parseCommandLine([])).toMatchObject({ error: "no command given: try `dmabuf-scn run scenarios`" });
    expect(parseCommandLine(["version"])).toMatchObject({ hint: "did you mean --version? (see `dmabuf-scn --help`)" });
  });
});

describe("closest", () => {
  it("finds near words and prefixes, and nothing far", () => {
    expect(closest("chek", ["run", "check", "help"])).toBe("check");
    expect(closest("--up", ["--update", "--help"])).toBe("--update");
    expect(closest("deploy", ["run", "check", "help"])).toBeUndefined();
  });
});

describe("isCI", () => {
  it("is set unless empty, 0 or false", () => {
    expect(isCI({ CI: "true" })).toBe(true);
    expect(isCI({ CI: "1" })).toBe(true);
    expect(isCI({})).toBe(false);
    for (const v of ["", "0", "false", "FALSE"]) expect(isCI({ CI: v })).toBe(false);
  });
});
