// The mailing-list workflow through the built executable: `mail X | sed
// 's/^/> /' | run -` confirms the quoted result, an edited result block is
// reported naming the step, a mail file with prose and nested quotes runs,
// `explain` shows the forwarded mapping on the exporter's interval, `reduce`
// prints a minimal scenario ready to mail, and wrong arguments exit 2.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, ROOT } from "./build-once.js";

const BIN = join(ROOT, "bin", "dmabuf-scn.js");
const EXAMPLE = readFileSync(join(ROOT, "test/cli/fixtures/first-example.txt"), "utf8");
const FORWARDING = join(ROOT, "test/report/fixtures/explain-forwarding.scn");
const TITLE = "userptr of an mmapped dma-buf is rejected";

let dir: string;

function cli(args: string[], input = ""): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, CI: "true", NO_COLOR: "1", FORCE_COLOR: undefined };
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env, input, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const quote = (text: string, prefix = "> ") => text.replace(/^/gm, prefix);

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "scn-mail-"));
  writeFileSync(join(dir, "first.scn"), EXAMPLE);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("dmabuf-scn mail, then run on the quoted mail", () => {
  it("prints plain text within 78 columns that `run -` confirms once quoted", () => {
    const mail = cli(["mail", "first.scn"]);
    expect(mail.stderr).toBe("");
    expect(mail.code).toBe(0);
    expect(mail.stdout).toContain("\nResult: userptr of an mmapped dma-buf is rejected\n");
    expect(mail.stdout).toMatch(/\n {2}rules [0-9a-f]{12}, scenario [0-9a-f]{12}\n$/);
    for (const line of mail.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(78);
    const run = cli(["run", "-"], quote(mail.stdout));
    expect(run.stdout).toBe(`✓ ${TITLE}  <stdin>:3\n\n1 passed, 0 failed\n`);
    expect(run.code).toBe(0);
  });

  it("reports a hand-edited result block as no longer holding, naming the step", () => {
    const mail = cli(["mail", "first.scn"]).stdout.replace("  step 7    EFAULT ", "  step 7    ok     ");
    const run = cli(["run", "-"], quote(mail));
    expect(run.stdout).toMatch(/^✗ userptr of an mmapped dma-buf is rejected {2}<stdin>:3\n {4}<stdin>:\d+:1: expect the mail's result\n {6}step 7 `nic reg-mr M as R1 => EFAULT`: the mail says ok, this run answers EFAULT/);
    expect(run.stdout.endsWith("0 passed, 1 failed\n")).toBe(true);
    expect(run.code).toBe(1);
  });

  it("finds the scenario in a mail file among prose, quoted twice", () => {
    const mail = cli(["mail", "first.scn"]).stdout;
    const eml = `Subject: Re: Changing vma->vm_file in dma_buf_mmap()\n\nOn Thu, someone wrote:\n> I ran it:\n>\n${quote(quote(mail), ">")}\n\nSo it is rejected.\n`;
    writeFileSync(join(dir, "reply.eml"), eml);
    const run = cli(["run", "reply.eml"]);
    expect(run.stdout).toBe(`✓ ${TITLE}  reply.eml:8\n\n1 passed, 0 failed\n`);
    expect(run.code).toBe(0);
  });

  it("shows another profile's outcomes beside the scenario's own", () => {
    const mail = cli(["mail", "first.scn", "--kernel", "linux-6.12"]);
    expect(mail.code).toBe(0);
    expect(mail.stdout).toContain("\n            linux-6.12\n  step 1    ok ");
  });
});

describe("dmabuf-scn explain", () => {
  it("shows the chardev, dma-buf-fd and forwarded mappings on one interval of one address space", () => {
    const r = cli(["explain", FORWARDING, "--scenario", "a forwarded importer mapping lands on the exporter's interval"]);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\n {8}/g, " ")).toContain("    mapping(amd)\n      pages 0x100000-0x1001ff: M1 (vm_file drm-file(amd,app)), M2 (vm_file D), M3 (vm_file D)\n");
    expect(r.stdout).toContain("step 6: app mmap pan P as M3  => ok\n");
  });

  it("draws the graph as DOT", () => {
    const r = cli(["explain", FORWARDING, "--scenario", "vgem", "--format", "dot"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  "M3" -> "mapping(vg)" [label="i_mmap 0x100000-0x10000f"];\n');
  });
});

describe("dmabuf-scn reduce", () => {
  it("prints the reduced scenario ready to mail", () => {
    const failing = EXAMPLE.replace("nic   reg-mr M as R1                 => EFAULT", "nic   reg-mr M as R1");
    writeFileSync(join(dir, "failing.scn"), failing);
    const r = cli(["reduce", "failing.scn"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^dmabuf-scn: 10 steps reduced to 4 \(\d+ candidates run\)\n$/);
    expect(r.stdout).toContain("# reduced by dmabuf-scn from failing.scn: 4 of 10 steps\n");
    expect(r.stdout).toContain("  step 4    EFAULT      (expected ok) nic reg-mr M as R1\n");
    const again = cli(["run", "-"], quote(r.stdout));
    expect(again.stdout).toContain("✗ userptr of an mmapped dma-buf is rejected  <stdin>:");
    expect(again.stdout).not.toContain("the mail's result");
  });

  it("takes a 30-step scenario with one stale-PTE hazard to the steps that cause it", () => {
    const r = cli(["reduce", join(ROOT, "test/cli/fixtures/mail-stale-pte.scn")]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^dmabuf-scn: 30 steps reduced to 7 \(\d+ candidates run\)\n$/);
    const steps = r.stdout.slice(r.stdout.indexOf("steps {"), r.stdout.indexOf("}", r.stdout.indexOf("steps {")) + 1);
    expect(steps).toBe("steps {\n  amd create A size 2M\n  amd export A as D\n  pan import D as P\n  app mmap pan P as M3\n  app touch M3\n  pan close P\n  amd evict A\n}");
    expect(r.stdout).toContain("\n  expect 1  fails       hazards == none (hazards: stale-pte on M3, A)\n  hazard    stale-pte on M3, A after step 7\n");
  });
});

describe("wrong arguments", () => {
  it("exit 2 with one line saying what is wrong", () => {
    const none = cli(["mail"]);
    expect([none.code, none.stderr]).toEqual([2, "dmabuf-scn: mail takes one .scn file (or - for standard input)\nsee `dmabuf-scn --help`\n"]);
    const title = cli(["explain", "first.scn", "--scenario", "nope"]);
    expect(title.code).toBe(2);
    expect(title.stderr).toBe(`dmabuf-scn: no scenario is titled "nope"; the file has:\n  "${TITLE}"\n`);
    const format = cli(["explain", "first.scn", "--format", "svg"]);
    expect([format.code, format.stderr.split("\n")[0]]).toEqual([2, 'dmabuf-scn: --format takes text, dot or mermaid, not "svg"']);
    const passing = cli(["reduce", "first.scn"]);
    expect([passing.code, passing.stderr]).toEqual([2, `dmabuf-scn: cannot reduce: "${TITLE}" passes and shows no hazard: there is no failure to keep\n`]);
    const taken = cli(["run", "first.scn", "--scenario", "x"]);
    expect([taken.code, taken.stderr.split("\n")[0]]).toEqual([2, "dmabuf-scn: run does not take --scenario"]);
  });
});
