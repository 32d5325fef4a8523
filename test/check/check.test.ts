import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { check, codes, scenario } from "./helpers.js";
import { verbTable } from "../../src/check/verbs.js";
import { checkFile } from "../../src/check/check.js";
import { parseScn } from "../../src/syntax/parse.js";
import { modelledKnobs, modelledProfiles } from "../../src/check/words.js";

const first = readFileSync(new URL("../cli/fixtures/first-example.txt", import.meta.url), "utf8");
const amd = "  amd: amdgpu\n  app: process";

describe("checker", () => {
  it("accepts the first example of language.md", () => {
    expect(check(first)).toEqual([]);
  });

  it("reads words named like Object.prototype's members as plain words", () => {
    // A lookup through the prototype chain took `toString` for an option key, `constructor` for a field.
    const stray = codes(scenario(amd, "  amd create A size 4K toString x"));
    const plain = codes(scenario(amd, "  amd create A size 4K mystery x"));
    expect(stray).toEqual(plain);
    expect(stray.length).toBeGreaterThan(0);
    expect(codes(scenario(amd, "  amd create A size 4K hasOwnProperty"))).toEqual(codes(scenario(amd, "  amd create A size 4K mystery")));
    const field = check(scenario(amd, "  amd create A size 4K", "  A.constructor == 1"));
    expect(field.map((d) => [d.code, d.message])).toEqual(check(scenario(amd, "  amd create A size 4K", "  A.mystery == 1")).map((d) => [d.code, d.message.replace("mystery", "constructor")]));
    const knob = codes(scenario(amd, "  amd create A size 4K", "", "kernel linux-6.12 with constructor=on\n"));
    expect(knob).toEqual(codes(scenario(amd, "  amd create A size 4K", "", "kernel linux-6.12 with mystery=on\n")));
    expect(knob.length).toBeGreaterThan(0);
  });

  it("asks for what setrlimit and drop-cap need: the limit, and the capability's word", () => {
    const d = check(scenario(amd, "  app drop-cap\n  app setrlimit\n  app drop-cap ipc_lock\n  app setrlimit memlock 64K"));
    expect(d.map((x) => [x.code, x.span.startLine, x.message])).toEqual([
      ["SCN2007", 7, "`drop-cap` needs `ipc_lock`"],
      ["SCN2007", 8, "`setrlimit` needs `memlock …`"],
    ]);
  });

  it("warns that a second vgem, udmabuf or dma-heap actor is a device no kernel has, and still runs the scenario", () => {
    const text = scenario("  gem: vgem\n  other: vgem\n  ub: udmabuf\n  ub2: udmabuf\n  app: process", "  gem create A size 4K");
    const d = check(text);
    expect(d.map((x) => [x.code, x.severity, x.span.startLine])).toEqual([
      ["SCN3004", "warning", 4],
      ["SCN3004", "warning", 6],
    ]);
    expect(d[0]!.message).toBe("a kernel has one vgem device: `other` would be `gem` again on a real kernel (another open of it), but the model runs it as a second device");
    expect(checkFile(parseScn(text).file).scenarios).toHaveLength(1);
  });

  it("suggests a verb for a misspelled one", () => {
    const d = check(scenario(amd, "  amd crate A size 4K"));
    expect(d.map((x) => x.code)).toEqual(["SCN2003"]);
    expect(d[0]!.hint).toBe("did you mean `create`?");
  });

  it("suggests an actor for a misspelled subject", () => {
    const d = check(scenario(amd, "  amdd create A size 4K"));
    expect(d[0]!.code).toBe("SCN2002");
    expect(d[0]!.hint).toBe("did you mean `amd`?");
  });

  it("rejects an unknown actor kind with a suggestion", () => {
    const d = check(scenario("  amd: amdgpuu", "  app anon 4K as M"));
    expect(d[0]!.code).toBe("SCN2001");
    expect(d[0]!.hint).toBe("did you mean `amdgpu`?");
  });

  it("rejects a name used before it is bound", () => {
    expect(codes(scenario(amd, "  amd export A as D"))).toEqual(["SCN2005"]);
  });

  it("rejects a name bound twice", () => {
    expect(codes(scenario(amd, "  amd create A size 4K\n  amd create A size 8K"))).toEqual(["SCN2006"]);
  });

  it("does not bind the name of a step expected to fail", () => {
    const d = check(scenario(amd, "  amd create A size 4K\n  amd export A as D => EPERM\n  app mmap D as M"));
    expect(d.map((x) => x.code)).toEqual(["SCN2005"]);
    expect(d[0]!.hint).toMatch(/line 8 is expected to fail/);
  });

  it("binds under one of { ok, … }", () => {
    expect(codes(scenario(amd, "  amd create A size 4K\n  amd export A as D => one of { ok, EPERM }\n  app mmap D as M"))).toEqual([]);
  });

  it("rejects an unknown option word with a suggestion", () => {
    const d = check(scenario(amd, "  amd create A size 4K domian vram"));
    expect(d[0]!.code).toBe("SCN2004");
    expect(d[0]!.hint).toBe("did you mean `domain`?");
  });

  it("rejects a bad option value", () => {
    const d = check(scenario(amd, "  amd create A size 4K domain vrma"));
    expect(d[0]!.code).toBe("SCN2018");
    expect(d[0]!.hint).toBe("did you mean `vram`?");
  });

  it("requires `as` where a step binds", () => {
    expect(codes(scenario(amd, "  amd create A size 4K\n  amd export A"))).toEqual(["SCN2016"]);
  });

  it("refuses `as` where a step binds nothing", () => {
    expect(codes(scenario(amd, "  app anon 4K as M\n  app touch M as T"))).toEqual(["SCN2017"]);
  });

  it("checks operand kinds", () => {
    expect(codes(scenario(amd, "  app anon 4K as M\n  amd export M as D"))).toEqual(["SCN2008"]);
  });

  it("needs `by` when several processes exist", () => {
    expect(codes(scenario("  amd: amdgpu\n  a: process\n  b: process", "  amd create A size 4K"))).toEqual(["SCN2015"]);
    expect(codes(scenario("  amd: amdgpu\n  a: process\n  b: process", "  amd create A size 4K by b"))).toEqual([]);
  });

  it("gives an implicit process `app` when none is declared", () => {
    expect(codes(scenario("  amd: amdgpu", "  amd create A size 4K\n  amd export A as D\n  app mmap D as M"))).toEqual([]);
  });

  it("reports a known but unmodelled verb as SCN3001", () => {
    const evict = verbTable.find((v) => v.verb === "evict")! as { modelled: boolean };
    const was = evict.modelled;
    evict.modelled = false;
    try {
      expect(codes(scenario(amd, "  amd create A size 4K\n  amd evict A to gtt"))).toEqual(["SCN3001"]);
    } finally {
      evict.modelled = was;
    }
  });

  it("reports unknown profiles and knobs, and known ones the model does not run", () => {
    expect(codes(scenario(amd, "  app anon 4K as M", "", "kernel linux-6.13\n"))).toEqual(["SCN2012"]);
    expect(codes(scenario(amd, "  app anon 4K as M", "", "kernel linux-6.12 with move-notfy=on\n"))).toEqual(["SCN2013"]);
    expect(codes(scenario(amd, "  app anon 4K as M", "", "kernel linux-6.12 with move-notify=maybe\n"))).toEqual(["SCN2023"]);
    const profiles = modelledProfiles as Set<string>;
    const knobs = modelledKnobs as Set<string>;
    profiles.delete("linux-5.10");
    const hadKnob = knobs.delete("move-notify");
    try {
      expect(codes(scenario(amd, "  app anon 4K as M", "", "kernel linux-5.10\n"))).toEqual(["SCN3002"]);
      expect(codes(scenario(amd, "  app anon 4K as M", "", "kernel linux-6.12 with move-notify=on\n"))).toEqual(["SCN3003"]);
    } finally {
      profiles.add("linux-5.10");
      if (hadKnob) knobs.add("move-notify");
    }
  });

  it("classifies outcomes and suggests errnos", () => {
    const d = check(scenario(amd, "  app anon 4K as M\n  app pin M => EFUALT"));
    expect(d[0]!.code).toBe("SCN2009");
    expect(d[0]!.hint).toBe("did you mean `EFAULT`?");
    expect(codes(scenario(amd, "  app anon 4K as M\n  app pin M => SIGBUS"))).toEqual(["SCN2018"]);
    expect(codes(scenario(amd, "  app anon 4K as M\n  app touch M => SIGBUS"))).toEqual([]);
    expect(codes(scenario(amd, "  app anon 4K as M\n  app lookup M => none"))).toEqual([]);
    expect(codes(scenario(amd, "  app anon 4K as M\n  app touch M => none"))).toEqual(["SCN2018"]);
  });

  it("checks mmap's two shapes", () => {
    expect(codes(scenario(amd, "  amd create A size 4K\n  app mmap amd A as M"))).toEqual([]);
    expect(codes(scenario(amd, "  amd create A size 4K\n  app mmap amd as M"))).toEqual(["SCN2007"]);
  });

  it("checks expectation paths, fields and operators", () => {
    const steps = "  amd create A size 4K\n  amd export A as D\n  app mmap D as M";
    expect(codes(scenario(amd, steps, "  D.refs == 4\n  M.flags has PFNMAP\n  M.file == D\n  A.domain == gtt\n  M.file.refs == 4\n  hazards == none"))).toEqual([]);
    const d = check(scenario(amd, steps, "  D.ref == 4"));
    expect(d[0]!.code).toBe("SCN2010");
    expect(d[0]!.hint).toBe("did you mean `refs`?");
    expect(codes(scenario(amd, steps, "  M.flags == PFNMAP"))).toEqual(["SCN2020"]);
    expect(codes(scenario(amd, steps, "  M.flags has PFNMPA"))).toEqual(["SCN2018"]);
    expect(codes(scenario(amd, steps, "  A.domain == vrma"))).toEqual(["SCN2018"]);
    expect(codes(scenario(amd, steps, "  X.refs == 1"))).toEqual(["SCN2005"]);
    expect(codes(scenario(amd, steps, "  hazard stale-ptes on M"))).toEqual(["SCN2019"]);
  });

  it("rejects duplicate titles and actors", () => {
    const one = scenario(amd, "  app anon 4K as M");
    expect(codes(one + one)).toEqual(["SCN2011"]);
    expect(codes(scenario("  amd: amdgpu\n  amd: i915", "  app anon 4K as M"))).toEqual(["SCN2014"]);
  });
});
