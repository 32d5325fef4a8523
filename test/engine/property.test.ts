// Property: any input — random, mutated, or generated from the verb table —
// ends in results or in coded diagnostics, never in an exception.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runSource } from "../../src/engine/run.js";

const first = readFileSync(new URL("../cli/fixtures/first-example.txt", import.meta.url), "utf8");

const names = ["A", "B", "D", "E", "M", "N", "R", "U", "P"];
const devices = ["amd", "intel", "nic", "gem", "ub", "heap", "pan"];
const words = ["create", "export", "import", "userptr", "use", "close", "reg-mr", "dereg", "alloc", "mmap", "anon", "memfd", "pin", "gup", "touch", "munmap", "send", "fork", "exit", "find-bo", "lookup", "size", "4K", "2M", "0x1000", "domain", "vram", "gtt", "as", "by", "=>", "EFAULT", "ok", "none", "flags", "probe", "anononly|register|validate", "longterm", "read", "write", "page", "1", "offset", "len", "seal", "shrink", "to", "from", "readonly", "private"];

const step = fc
  .tuple(fc.constantFrom("app", ...devices), fc.array(fc.constantFrom(...words, ...names, ...devices), { maxLength: 7 }))
  .map(([s, w]) => `  ${s} ${w.join(" ")}`);

const generated = fc.array(step, { minLength: 1, maxLength: 25 }).map(
  (steps) => `scenario "g"\nactors {\n  amd: amdgpu\n  intel: i915\n  nic: rdma\n  gem: vgem\n  ub: udmabuf\n  heap: dma-heap\n  pan: panfrost\n  app: process\n}\nsteps {\n${steps.join("\n")}\n}\nexpect {\n  hazards == none\n}\n`,
);

const mutated = fc
  .array(fc.tuple(fc.nat({ max: first.length }), fc.nat({ max: 12 }), fc.constantFrom("", " ", "\n", "{", "}", "=>", "#", '"', "|", "as", "Z", ".")), { minLength: 1, maxLength: 6 })
  .map((edits) => edits.reduce((text, [at, del, ins]) => text.slice(0, at) + ins + text.slice(at + del), first));

// Well-formed scenarios: each step refers to names earlier steps bound, so
// most of them run all the way through the model.
const anyOutcome = "=> one of { ok, EPERM, ENOENT, EBADF, EINVAL, EACCES, EFAULT, ENODEV, ENXIO, EBADFD, EOPNOTSUPP, ENOMEM, E2BIG, EAGAIN, EBUSY, ESRCH, EMFILE }";
const gpus = ["amd", "intel", "gem", "pan"];
const sizes = ["4K", "8K", "64K", "2M"];

function build(choices: [number, number, number][]): string {
  const bound: Record<string, string[]> = { bo: [], dmabuf: [], vma: [], mr: [] };
  const lines: string[] = [];
  let n = 0;
  const fresh = (kind: string) => `${kind[0]!.toUpperCase()}${n++}`;
  const pick = (kind: string, i: number) => bound[kind]![i % Math.max(1, bound[kind]!.length)];
  for (const [op, i, j] of choices) {
    const g = gpus[i % gpus.length]!;
    const templates: [string, string | undefined, () => string | undefined][] = [
      ["bo", undefined, () => `${g} create @ size ${sizes[j % sizes.length]}${g === "amd" ? (j % 2 ? " domain vram" : " domain gtt") : ""}`],
      ["dmabuf", "bo", () => `${g} export ${pick("bo", j)}${j % 5 === 0 ? " flags readonly" : ""} as @`],
      ["bo", "dmabuf", () => `${g} import ${pick("dmabuf", j)} as @`],
      ["vma", "dmabuf", () => `app mmap ${pick("dmabuf", j)}${j % 4 === 0 ? " readonly" : ""} as @`],
      ["vma", "bo", () => `app mmap ${g} ${pick("bo", j)} as @`],
      ["vma", undefined, () => `app anon ${sizes[j % sizes.length]} as @`],
      ["vma", undefined, () => `app memfd ${sizes[j % sizes.length]}${j % 3 ? " seal shrink" : ""} as @`],
      ["dmabuf", "vma", () => `ub create @ from ${pick("vma", j)}`],
      ["dmabuf", undefined, () => `heap alloc @ size ${sizes[j % sizes.length]}`],
      ["bo", "vma", () => `amd userptr ${pick("vma", j)} flags ${["anononly|register|validate", "register", "readonly", "register|validate"][j % 4]} as @`],
      ["bo", "vma", () => `intel userptr ${pick("vma", j)}${j % 2 ? " flags probe" : ""} as @`],
      ["", "bo", () => `${g === "gem" || g === "pan" ? "amd" : g} use ${pick("bo", j)}`],
      ["mr", "vma", () => `nic reg-mr ${pick("vma", j)} as @`],
      ["", "mr", () => `nic dereg ${pick("mr", j)}`],
      ["", "vma", () => `app pin ${pick("vma", j)}${j % 2 ? " longterm" : ""}`],
      ["", "vma", () => `app gup ${pick("vma", j)} read`],
      ["", "vma", () => `app touch ${pick("vma", j)} page ${j % 3}${j % 2 ? " write" : ""}`],
      ["", "vma", () => `app munmap ${pick("vma", j)}`],
      ["", "dmabuf", () => `app close ${pick("dmabuf", j)}`],
      ["", "bo", () => `${g} close ${pick("bo", j)}`],
      ["", undefined, () => `app close ${g}`],
      ["", "vma", () => `app lookup ${pick("vma", j)}`],
      ["", "vma", () => `app find-bo amd ${pick("vma", j)}`],
    ];
    const [binds, needs, make] = templates[op % templates.length]!;
    if (needs && bound[needs]!.length === 0) continue;
    let text = make()!;
    const touch = text.startsWith("app touch");
    if (text.includes("@")) {
      const name = fresh(binds);
      text = text.replace("@", name);
      bound[binds]!.push(name);
    }
    lines.push(`  ${text} ${touch ? anyOutcome.replace(" }", ", SIGBUS, SIGSEGV }") : anyOutcome}`);
  }
  return `scenario "w"\nactors {\n  amd: amdgpu\n  intel: i915\n  nic: rdma\n  gem: vgem\n  ub: udmabuf\n  heap: dma-heap\n  pan: panfrost\n  app: process\n}\nsteps {\n${lines.join("\n")}\n}\nexpect {\n  hazards == none\n}\n`;
}

const wellFormed = fc.array(fc.tuple(fc.nat(1000), fc.nat(1000), fc.nat(1000)), { minLength: 1, maxLength: 40 }).map(build);

function endsWell(text: string): void {
  const r = runSource(text, "p.scn");
  if (r.diagnostics.length === 0) expect(r.scenarios.length).toBeGreaterThan(0);
  for (const d of r.diagnostics) {
    expect(d.code).toMatch(/^SCN[123]\d{3}$/);
    expect(d.span.startOffset).toBeGreaterThanOrEqual(0);
    expect(d.span.endOffset).toBeLessThanOrEqual(text.length);
  }
}

describe("no input makes the engine throw", () => {
  it("generated step sequences", () => {
    fc.assert(fc.property(generated, endsWell), { numRuns: 1000, seed: 20200917 });
  }, 120_000);
  it("well-formed scenarios built from the verb table run to the end", () => {
    fc.assert(
      fc.property(wellFormed, (text) => {
        const r = runSource(text, "w.scn");
        expect(r.diagnostics).toEqual([]);
        expect(r.scenarios[0]!.steps.every((s) => s.status === "pass" || s.observed.kind === "not-run")).toBe(true);
      }),
      { numRuns: 1000, seed: 6120 },
    );
  }, 120_000);
  it("mutations of the first example", () => {
    fc.assert(fc.property(mutated, endsWell), { numRuns: 1000, seed: 17 });
  }, 120_000);
  it("arbitrary text", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), endsWell), { numRuns: 1000, seed: 9 });
  }, 120_000);
});
