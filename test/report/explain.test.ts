// `explain`: the thread's forwarding scenario step by step (kernel path,
// events, objects created and references taken) and its object graph, where
// the chardev, dma-buf-fd and forwarded mappings sit on one interval of one
// address space; the graph as DOT and Mermaid; the rule table it reads.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkFile } from "../../src/check/check.js";
import { traceScenario, type Trace } from "../../src/engine/trace.js";
import { allRules } from "../../src/model/index.js";
import { explainText, objectChanges } from "../../src/report/explain.js";
import { graphDot, graphLines, graphMermaid } from "../../src/report/explain-graph.js";
import { EVENT_RULES, rulesOf } from "../../src/report/explain-rules.js";
import { parseScn } from "../../src/syntax/parse.js";
import { firstExample } from "../syntax/helpers.js";

const FORWARDING = readFileSync(new URL("./fixtures/explain-forwarding.scn", import.meta.url), "utf8");

function trace(source: string, i = 0): Trace {
  const checked = checkFile(parseScn(source).file);
  expect(checked.diagnostics).toEqual([]);
  return traceScenario(checked.scenarios[i]!, source);
}

/** A block of explain text from the line starting with `head` to the next blank line, continuation lines joined. */
function block(text: string, head: string): string {
  const start = text.indexOf(`\n${head}`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = text.indexOf("\n\n", start + 1);
  return text.slice(start + 1, end < 0 ? undefined : end).replace(/\n {6,}/g, " ");
}

describe("explain on the forwarding scenario", () => {
  const t = trace(FORWARDING);
  const text = explainText(t);

  it("runs it as the scenario says", () => {
    expect(t.result.passed).toBe(true);
    expect(t.steps.map((s) => s.index)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("shows the chardev, dma-buf-fd and forwarded mappings on one interval of one address space", () => {
    const maps = text.slice(text.indexOf("  reverse maps")).replace(/\n {8}/g, " ");
    expect(maps).toBe(
      "  reverse maps (address space: page interval -> VMAs)\n" +
        "    mapping(amd)\n" +
        "      pages 0x100000-0x1001ff: M1 (vm_file drm-file(amd,app)), M2 (vm_file D), M3 (vm_file D)\n",
    );
  });

  it("gives each step its kernel path, events and object changes", () => {
    const six = block(text, "step 6:");
    expect(six).toContain("step 6: app mmap pan P as M3  => ok");
    expect(six).toContain("    mm/util.c: vma_set_file  (mm.vma-set-file)");
    expect(six).toContain("    vma_set_file drm-file(pan,app) D: mm.vma-set-file");
    expect(six).toContain("    created  M3 (vma): file D, mapping mapping(amd), pgoff 0x100000, private bo");
    expect(six).toContain("    refs     D.refs 7 -> 8 (1 taken)");
    const five = block(text, "step 5:");
    expect(five).toContain("drivers/dma-buf/dma-buf.c: dma_buf_dynamic_attach  (dma-buf.attach)");
    expect(five).toContain("    created  P (gem): device pan, domain system, size 2097152, refs 1, imported true");
  });

  it("lists the objects at the end with their links and the dma-buf's attachments", () => {
    const graph = graphLines(t.result.snapshot).join("\n").replace(/\n {8}/g, " ");
    expect(graph).toContain("    D: type dma-buf, owner amdgpu, refs 8, f_mapping mapping(amd), mode rw, attachments pan (static)");
    expect(graph).toContain("    M3: vm_mm app, 0x7effff9fe000-0x7effffbfe000, vm_file D, pgoff 0x100000, i_mmap mapping(amd),");
  });

  it("fits a mail and is the same every time", () => {
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(78);
    expect(text).not.toMatch(/\t| \n/);
    expect(explainText(trace(FORWARDING))).toBe(text);
  });

  it("draws the graph as DOT and as Mermaid", () => {
    const dot = graphDot(t.result.snapshot, t.result.title);
    expect(dot.startsWith(`digraph "a forwarded importer mapping lands on the exporter's interval" {\n  rankdir=LR;`)).toBe(true);
    expect(dot).toContain('  "M3" -> "D" [label="vm_file"];');
    expect(dot).toContain('  "M3" -> "mapping(amd)" [label="i_mmap 0x100000-0x1001ff"];');
    expect(dot).toContain('  "app" -> "M3" [label="mm"];');
    expect(dot).toContain('  "A" -> "D" [label="dma_buf"];');
    expect(dot.trimEnd().endsWith("}")).toBe(true);
    const mermaid = graphMermaid(t.result.snapshot, t.result.title);
    expect(mermaid.split("\n").slice(0, 4)).toEqual(["---", `title: "a forwarded importer mapping lands on the exporter's interval"`, "---", "flowchart LR"]);
    expect(mermaid).toMatch(/\n {2}n\d+\(\["process app<br\/>fds 3<br\/>vmas 3"\]\)\n/);
    expect(mermaid).toMatch(/\n {2}n\d+ -- "i_mmap 0x100000-0x1001ff" --> n\d+\n/);
  });

  it("shows the same for a vgem export forwarded through panfrost", () => {
    const vgem = explainText(trace(FORWARDING, 1)).replace(/\n {8}/g, " ");
    expect(vgem).toContain("    mapping(vg)\n      pages 0x100000-0x10000f: M1 (vm_file drm-file(vg,app)), M2 (vm_file D), M3 (vm_file D)\n");
  });
});

describe("explain on the what-if without the file swap", () => {
  it("shows the forwarded mapping on the importer's reverse map and the stale PTE the move leaves", () => {
    const t = trace(FORWARDING, 2);
    expect(t.result.passed).toBe(true);
    const text = explainText(t);
    expect(text.slice(text.indexOf("  reverse maps")).replace(/\n {8}/g, " ")).toBe(
      "  reverse maps (address space: page interval -> VMAs)\n" +
        "    mapping(pan)\n" +
        "      pages 0x100000-0x1001ff: M3 (vm_file drm-file(pan,app))\n",
    );
    const seven = block(text, "step 7:");
    expect(seven).toContain("    move A: gtt -> cpu");
    expect(seven).toMatch(/\n {2}hazard stale-pte on M3, A: /);
  });
});

describe("explain's parts", () => {
  it("cites the rule behind a failed step", () => {
    const text = explainText(trace(firstExample));
    const four = block(text, "step 4:");
    expect(four).toContain("step 4: intel userptr M flags probe as U1  => EFAULT");
    expect(four).toMatch(/\n {2}why: .+/);
    expect(four).toContain("drivers/gpu/drm/i915/gem/i915_gem_userptr.c: probe_range");
  });

  it("tells created, released, references and other changes apart", () => {
    const before = { objects: { D: { kind: "file", refs: 2, mode: "rw" }, M: { kind: "vma", refs: 1 }, X: { kind: "gem", refs: 1 } } };
    const after = { objects: { D: { kind: "file", refs: 1, mode: "ro" }, M: { kind: "vma", refs: 0 }, N: { kind: "vma", refs: 1, file: "D" } } };
    expect(objectChanges(before, after)).toEqual([
      "created  N (vma): file D",
      "refs     D.refs 2 -> 1 (1 dropped)",
      "changed  D.mode rw -> ro",
      "released M (vma)",
      "released X (gem)",
    ]);
  });

  it("reads only registered rules", () => {
    const ids = new Set(allRules().map((r) => r.id));
    for (const [what, id] of Object.entries(EVENT_RULES)) expect(ids.has(id), `${what} -> ${id}`).toBe(true);
    expect(rulesOf([{ step: 1, what: "bo_pin", objects: [], detail: "gtt (amdgpu.dma-buf-pin)" }, { step: 1, what: "mmap", objects: [] }]).map((r) => r.id)).toEqual([
      "amdgpu.dma-buf-pin",
      "mm.mmap-region",
    ]);
  });
});
