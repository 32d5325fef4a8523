// `dmabuf-scn verify`: load and plan the scenarios, build one program for
// every guest step of the batch, and for each real kernel asked for:
// provision it, boot it once, read its answers, run the model under the
// same profile and compare step by step. Exit 1 on any disagreement, 2 on
// invalid input or a machine without the host tools, 3 when a kernel is
// unavailable (and every kernel that booted agreed), 0 otherwise.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Profile } from "../model/api.js";
import { Kernel } from "../model/index.js";
import { formatDiagnostics } from "../diagnostics/print.js";
import { colorEnabled, diagnosticColors, palette, type Palette } from "../report/colors.js";
import type { CliIO } from "../cli/cli.js";
import { collectInputs, reason } from "../cli/inputs.js";
import { type LoadedFile, type LoadedScenario, loadSource } from "./load.js";
import { emitProgram } from "./emit-c.js";
import { boot, compile, missingTools, scratch } from "./boot.js";
import { provision } from "./provision.js";
import { REAL_KERNELS, type RealKernelName } from "./profiles.js";
import { parseResults, type GuestResults } from "./results.js";
import { runModel } from "./model-side.js";
import { compareScenario } from "./compare.js";
import { kernelDifferencesText, kernelSectionText, summaryText, totals, type KernelSection } from "./report.js";
import { kernelDifferences } from "./kernel-diff.js";
import { guestSteps } from "./plan-types.js";

interface Session {
  io: CliIO;
  p: Palette;
  progress: (line: string) => void;
  invalid: number;
}

/** The cache of downloaded kernels: $XDG_CACHE_HOME/dmabuf-scn, else ~/.cache/dmabuf-scn. */
export function cacheDir(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && xdg.startsWith("/") ? xdg : join(homedir(), ".cache"), "dmabuf-scn");
}

async function loadAll(paths: readonly string[], s: Session): Promise<LoadedFile[]> {
  const files: LoadedFile[] = [];
  for (const input of collectInputs(paths)) {
    if (input.kind === "problem") {
      s.invalid++;
      s.io.stdout(`${s.p.fail("✗")} ${input.path}: ${input.message}\n`);
      continue;
    }
    const path = input.kind === "stdin" ? "<stdin>" : input.path;
    let text: string;
    try {
      text = input.kind === "stdin" ? await s.io.readStdin() : readFileSync(input.path, "utf8").replace(/^\uFEFF/, "");
    } catch (e) {
      s.invalid++;
      s.io.stdout(`${s.p.fail("✗")} ${path}: cannot read: ${reason(e)}\n`);
      continue;
    }
    const f = loadSource(text, path);
    if (f.diagnostics.length > 0) s.io.stdout(`${formatDiagnostics(f.diagnostics, f.source, path, diagnosticColors(s.p))}\n\n`);
    if (f.diagnostics.some((d) => d.severity === "error")) s.invalid++;
    files.push(f);
  }
  return files;
}

/** Boot one real kernel with the program and compare every scenario on it. */
function onKernel(name: RealKernelName, all: LoadedScenario[], batch: LoadedScenario[], program: string, work: string, s: Session): { section: KernelSection; guest?: GuestResults } {
  const section: KernelSection = { profile: name, notes: [], scenarios: [] };
  const k = REAL_KERNELS[name];
  const got = provision(k, cacheDir(s.io.env), s.progress);
  if (!got.ok) return { section: { ...section, unavailable: got.unavailable, scenarios: [] } };
  const kernel = got.kernel;
  if (kernel.note) section.notes.push(kernel.note);
  s.progress(`${name}: booting ${kernel.release} under qemu (software emulation, no network)`);
  const booted = boot(kernel, program, work);
  const guest = parseResults(booted.ok ? booted.lines : []);
  if (!booted.ok) section.notes.push(`boot: ${booted.problem}`);
  const release = guest.release ?? kernel.release;
  section.booted = { release, version: guest.version ?? "", package: kernel.package, packageVersion: kernel.version };
  if (release !== k.lastVerified) section.notes.push(`kernel drift: booted ${release}, last verified on ${k.lastVerified}`);
  if (!Kernel.supportsProfile(name as Profile)) section.notes.push(`the model does not model ${name} fully yet: its answers are those of its ${name} profile as it stands`);
  const number = new Map(batch.map((sc, i) => [sc, i + 1]));
  section.scenarios = all.map((sc) => {
    const n = number.get(sc);
    return n === undefined ? compareScenario(sc.plan, sc.path, [], undefined) : compareScenario(sc.plan, sc.path, runModel(sc, name as Profile), guest.scenarios.get(n));
  });
  return { section, guest };
}

function exitCode(sections: KernelSection[], s: Session): number {
  if (sections.some((k) => !k.unavailable && totals(k).agree !== totals(k).compared)) return 1;
  if (s.invalid > 0) return 2;
  return sections.some((k) => k.unavailable) ? 3 : 0;
}

/** No scenario has a guest step: each is reported model-only, nothing is booted. */
function nothingToBoot(all: LoadedScenario[], s: Session): number {
  const section: KernelSection = { profile: "no kernel booted", notes: ["no scenario has a step a guest can perform"], scenarios: all.map((sc) => compareScenario(sc.plan, sc.path, [], undefined)) };
  s.io.stdout(`${kernelSectionText(section, s.p)}\n${s.p.bold("0/0 steps agree")}\n`);
  return s.invalid > 0 ? 2 : 0;
}

/** Verify the scenarios under `paths` on each of `kernels`; resolves to the exit code. */
export async function verifyCommand(paths: readonly string[], kernels: readonly RealKernelName[], io: CliIO): Promise<number> {
  const s: Session = { io, p: palette(colorEnabled(io.env, io.isTTY)), progress: (l) => io.stderr(`verify: ${l}\n`), invalid: 0 };
  const all = (await loadAll(paths, s)).flatMap((f) => f.scenarios);
  const batch = all.filter((sc) => !sc.plan.modelOnly && guestSteps(sc.plan) > 0);
  if (batch.length === 0) return nothingToBoot(all, s);
  const missing = missingTools();
  if (missing) {
    io.stderr(`dmabuf-scn: verify: ${missing}\n`);
    return 2;
  }
  const tmp = scratch();
  try {
    s.progress(`building the program for ${batch.length} scenarios (${batch.reduce((n, sc) => n + guestSteps(sc.plan), 0)} guest steps)`);
    const program = compile(emitProgram(batch.map((sc) => ({ path: sc.path, plan: sc.plan }))), tmp.dir);
    const runs = kernels.map((name) => onKernel(name, all, batch, program, tmp.dir, s));
    for (const r of runs) io.stdout(`${kernelSectionText(r.section, s.p)}\n`);
    const booted = runs.filter((r) => r.guest && !r.section.unavailable);
    if (booted.length > 1) io.stdout(`${kernelDifferencesText(booted.map((r) => r.section.profile), kernelDifferences(batch, booted.map((r) => r.guest!)), s.p)}\n`);
    const sections = runs.map((r) => r.section);
    io.stdout(summaryText(sections, s.p));
    return exitCode(sections, s);
  } finally {
    tmp.done();
  }
}
