// `reduce`: ddmin finds 1-minimal subsets; a long scenario shrinks to the
// few steps, actors and options its failure needs, the failure kept; a
// scenario without a failure is refused; and a 30-step scenario with one
// stale PTE (a forwarded mapping the move's zap misses) shrinks to the steps
// that cause it, once the model runs `evict` and the forward-mmap knob.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { modelledKnobs } from "../../src/check/words.js";
import { findVerb } from "../../src/check/verbs.js";
import { runSource } from "../../src/engine/run.js";
import { cut, ddmin, reduceScenario, type Part } from "../../src/engine/reduce.js";

describe("ddmin", () => {
  it("finds the one item a test needs, and the pair it needs", () => {
    const items = Array.from({ length: 30 }, (_, i) => i);
    expect(ddmin(items, (s) => s.includes(17))).toEqual([17]);
    expect(ddmin(items, (s) => s.includes(3) && s.includes(28))).toEqual([3, 28]);
    expect(ddmin(items, () => true)).toEqual([]);
  });

  it("returns a 1-minimal subset the test accepts", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 39 }), { minLength: 1, maxLength: 5 }), (needed) => {
        const items = Array.from({ length: 40 }, (_, i) => i);
        const test = (s: number[]) => needed.every((n) => s.includes(n));
        const out = ddmin(items, test);
        expect(test(out)).toBe(true);
        for (const x of out) expect(test(out.filter((y) => y !== x))).toBe(false);
      }),
      { numRuns: 50 },
    );
  });
});

describe("cut", () => {
  it("drops the parts not kept, an empty `with` and an empty expect block", () => {
    const text = "scenario \"t\"\nkernel linux-6.12 with a=b\nactors {\n  app: process\n}\nsteps {\n  app anon 4K as M\n}\nexpect {\n  M.refs == 1\n}\n";
    const knob: Part = { what: "knob", ranges: [[text.indexOf(" a=b"), text.indexOf(" a=b") + 4]] };
    const pred: Part = { what: "expect", ranges: [[text.indexOf("  M.refs"), text.indexOf("  M.refs") + 14]] };
    expect(cut(text, [knob, pred], new Set())).toBe("scenario \"t\"\nkernel linux-6.12\nactors {\n  app: process\n}\nsteps {\n  app anon 4K as M\n}\n");
  });
});

/** A long scenario around a few steps that matter: `app pin M` (of a dma-buf mapping) must succeed, but EFAULTs. */
function longScenario(): string {
  const filler = [
    "vg create B size 64K", "vg export B as E", "app anon 64K as N", "app touch N page 1 write", "app memfd 8K as F",
    "app touch F", "app mmap E as ME", "app touch ME page 0", "app munmap ME", "vg create C size 8K",
    "app anon 8K as N2", "app pin N2 longterm", "app gup N2 read", "app touch N2 page 1",
  ];
  const core = ["amd create A size 2M domain vram", "amd export A as D", "app mmap D as M  # the dma-buf fd"];
  const steps = [...filler.slice(0, 7), core[0], ...filler.slice(7, 10), core[1], "app anon 4K as N3", core[2], ...filler.slice(10), "app touch N3 write", "app lookup M => D"];
  while (steps.length < 29) steps.push(`app anon 4K as X${steps.length}`);
  steps.push("app pin M longterm                 # should be refused, is it?");
  return `scenario "long"\ntags pin\nactors {\n  amd: amdgpu\n  vg: vgem\n  nic: rdma\n  app: process\n}\nsteps {\n${steps.map((s) => `  ${s}`).join("\n")}\n}\nexpect {\n  M.flags has PFNMAP\n  D.refs == 4\n  hazards == none\n}\n`;
}

describe("reduceScenario", () => {
  it("shrinks a 30-step scenario to the steps, actors and options its failed step needs", () => {
    const text = longScenario();
    const before = runSource(text, "x.scn").scenarios[0]!;
    expect(before.steps).toHaveLength(30);
    expect(before.steps.filter((s) => s.status === "fail").map((s) => s.index)).toEqual([30]);
    const r = reduceScenario(text);
    if ("error" in r) throw new Error(r.error);
    expect(r.stepsBefore).toBe(30);
    expect(r.stepsAfter).toBe(4);
    expect(r.text).toBe(`scenario "long"
tags pin
actors {
  amd: amdgpu
}
steps {
  amd create A size 2M
  amd export A as D
  app mmap D as M  # the dma-buf fd
  app pin M                 # should be refused, is it?
}
`);
    expect(r.result.steps.map((s) => s.status)).toEqual(["pass", "pass", "pass", "fail"]);
    expect(r.result.steps[3]!.observed).toMatchObject({ kind: "errno", errno: "EFAULT" });
  });

  it("keeps a failed expectation and what it reads", () => {
    const text = longScenario().replace("  app pin M longterm", "  app pin M longterm => EFAULT").replace("D.refs == 4", "D.refs == 5");
    const r = reduceScenario(text);
    if ("error" in r) throw new Error(r.error);
    expect(r.text).toContain("expect {\n  D.refs == 5\n}");
    expect(r.result.expectations.map((e) => [e.text, e.status])).toEqual([["D.refs == 5", "fail"]]);
    expect(r.stepsAfter).toBeLessThanOrEqual(3);
  });

  it("keeps whatever a given test asks for", () => {
    const r = reduceScenario(longScenario(), "long", (res) => res.steps.some((s) => s.text.startsWith("app gup")));
    if ("error" in r) throw new Error(r.error);
    expect(r.stepsAfter).toBe(2);
    expect(r.text).toBe('scenario "long"\ntags pin\nactors {\n}\nsteps {\n  app anon 8K as N2\n  app gup N2\n}\n');
  });

  it("refuses a scenario with nothing to keep, a missing title and a file with errors", () => {
    const passing = longScenario().replace("  app pin M longterm", "  app pin M longterm => EFAULT");
    expect(reduceScenario(passing)).toEqual({ error: '"long" passes and shows no hazard: there is no failure to keep' });
    expect(reduceScenario(passing, "nope")).toEqual({ error: 'no scenario is titled "nope"' });
    expect(reduceScenario("scenario")).toEqual({ error: "the file has errors: run `dmabuf-scn check` on it" });
  });
});

const evictRuns = findVerb("amdgpu", "evict")?.modelled === true && modelledKnobs.has("forward-mmap");

/**
 * 30 steps, one stale PTE: panfrost forwards its chardev mmap of an amdgpu
 * import without swapping vm_file, so the mapping sits on panfrost's reverse
 * map, and the zap of A's move (once the import is closed and A unpinned)
 * misses it.
 */
function stalePteScenario(): string {
  const steps = [
    "amd create B size 64K domain gtt", "app anon 64K as N", "amd create A size 2M domain vram", "app mmap amd B as MB",
    "app touch MB page 0", "pan create Q size 64K", "amd export A as D", "app memfd 8K as F", "app mmap D as M2",
    "pan import D as P", "app touch F", "pan export Q as E", "app mmap pan P as M3", "app mmap E as ME",
    "app touch N page 2 write", "app touch M3 page 0", "app touch ME", "app munmap M2", "pan close P",
    "app touch MB page 1", "amd evict A to system",
  ];
  while (steps.length < 30) steps.push(`app anon 4K as X${steps.length}`);
  return `scenario "stale"\nkernel linux-6.12 with forward-mmap=no-file-swap\nactors {\n  amd: amdgpu\n  pan: panfrost\n  app: process\n}\nsteps {\n${steps.map((s) => `  ${s}`).join("\n")}\n}\n`;
}

describe("reduceScenario on a stale PTE", () => {
  it.skipIf(!evictRuns)("takes a 30-step scenario with one stale-PTE hazard to the steps that cause it", () => {
    const text = stalePteScenario();
    const before = runSource(text, "x.scn").scenarios[0]!;
    expect(before.steps.every((s) => s.status === "pass")).toBe(true);
    expect(before.hazards.map((h) => [h.kind, h.objects[0]])).toEqual([["stale-pte", "M3"]]);
    const r = reduceScenario(text);
    if ("error" in r) throw new Error(r.error);
    expect(r.stepsBefore).toBe(30);
    expect(r.text).toBe(`scenario "stale"
kernel linux-6.12 with forward-mmap=no-file-swap
actors {
  amd: amdgpu
  pan: panfrost
}
steps {
  amd create A size 2M
  amd export A as D
  pan import D as P
  app mmap pan P as M3
  app touch M3
  pan close P
  amd evict A
}
`);
    expect(r.result.hazards.map((h) => [h.kind, h.objects[0]])).toEqual([["stale-pte", "M3"]]);
  });
});
