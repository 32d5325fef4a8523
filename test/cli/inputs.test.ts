// From paths to inputs: directory recursion (sorted, skipping node_modules
// and dot-directories), stdin, duplicates, and paths that yield nothing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { collectInputs } from "../../src/cli/inputs.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "scn-inputs-"));
  for (const d of ["b", "a/deep", "node_modules/pkg", ".git", "empty"]) mkdirSync(join(dir, d), { recursive: true });
  for (const f of ["b/2.scn", "b/10.scn", "a/deep/x.scn", "a/z.scn", "a/notes.md", "node_modules/pkg/y.scn", ".git/z.scn", "top.scn"]) {
    writeFileSync(join(dir, f), "");
  }
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("collectInputs", () => {
  it("walks a directory in a stable order, skipping node_modules and dot-directories", () => {
    expect(collectInputs([dir])).toEqual(["a/deep/x.scn", "a/z.scn", "b/10.scn", "b/2.scn", "top.scn"].map((f) => ({ kind: "file", path: join(dir, f) })));
  });

  it("keeps explicit files as given, stdin once, and each file once", () => {
    const a = join(dir, "a/z.scn");
    expect(collectInputs([a, "-", join(dir, "a"), "-"])).toEqual([
      { kind: "file", path: a },
      { kind: "stdin" },
      { kind: "file", path: join(dir, "a/deep/x.scn") },
    ]);
  });

  it("says when a path is missing or a directory holds no scenario", () => {
    expect(collectInputs([join(dir, "nope.scn"), join(dir, "empty")])).toEqual([
      { kind: "problem", path: join(dir, "nope.scn"), message: "cannot read: no such file or directory" },
      { kind: "problem", path: join(dir, "empty"), message: "no .scn file under this directory" },
    ]);
  });
});
