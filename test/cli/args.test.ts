// The command line as data: commands, paths, -u, help and version, and the
// usage errors with their did-you-mean.
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../src/cli/args.js";
import { closest } from "../../src/cli/suggest.js";
import { isCI } from "../../src/cli/cli.js";

describe("parseCommandLine", () => {
  it("reads run with paths, stdin and -u in any order", () => {
    expect(parseCommandLine(["run", "a.scn", "-u", "dir", "-"])).toEqual({ command: "run", paths: ["a.scn", "dir", "-"], options: { update: true } });
    expect(parseCommandLine(["run", "--update", "x.scn"])).toEqual({ command: "run", paths: ["x.scn"], options: { update: true } });
  });

  it("defaults to the current directory", () => {
    expect(parseCommandLine(["check"])).toEqual({ command: "check", paths: ["."], options: { update: false } });
  });

  it("takes a path that starts with - after --", () => {
    expect(parseCommandLine(["run", "--", "-odd.scn"])).toEqual({ command: "run", paths: ["-odd.scn"], options: { update: false } });
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
