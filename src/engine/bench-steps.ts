// A generated scenario of any length for `npm run bench`: rounds of the
// everyday sharing steps (create, export, mmap both ways, touch, a TTM move
// that zaps both mappings, an anonymous MR, lookups, munmap and close), each
// round leaving some objects alive so the state grows with the scenario, as
// long-running workloads do. A model step's cost must not grow with it.
import { performance } from "node:perf_hooks";
import { Kernel } from "../model/index.js";
import type { DeviceKind, Profile } from "../model/api.js";
import { parseScn } from "../syntax/parse.js";
import { checkFile } from "../check/check.js";
import { executeStep } from "./interpret.js";
import { Names } from "./names.js";

const ROUND = [
  "amd create A# size 8K domain vram",
  "amd export A# as D#",
  "app mmap D# as M#",
  "app touch M# write",
  "app mmap amd A# as C#",
  "app touch C# page 1",
  "amd evict A#",
  "app touch M# page 1",
  "app lookup M# => D#",
  "app anon 8K as N#",
  "nic reg-mr N# as R#",
  "gem create G# size 4K",
  "gem export G# as E#",
  "app mmap E# as V#",
  "app touch V#",
  "app munmap C#",
  "nic dereg R#",
  "gem close G#",
  "app close E#",
  "app munmap V#",
];

/** A scenario of about `nSteps` steps (whole rounds of the step list above). */
export function generateScenario(nSteps: number): string {
  const rounds = Math.max(1, Math.round(nSteps / ROUND.length));
  const lines = ['scenario "generated"', "actors {", "  amd: amdgpu", "  gem: vgem", "  nic: rdma", "  app: process", "}", "steps {"];
  for (let i = 0; i < rounds; i++) for (const step of ROUND) lines.push(`  ${step.replaceAll("#", String(i))}`);
  lines.push("}", "expect {", "  hazards == none", "}", "");
  return lines.join("\n");
}

/** How many steps `generateScenario(nSteps)` really has. */
export function generatedSteps(nSteps: number): number {
  return Math.max(1, Math.round(nSteps / ROUND.length)) * ROUND.length;
}

/**
 * Runs the generated scenario's steps on the model alone (parse and check
 * first, untimed) and returns the mean time per step in microseconds.
 */
export function measureModelSteps(nSteps: number): { steps: number; usPerStep: number } {
  const checked = checkFile(parseScn(generateScenario(nSteps)).file).scenarios[0];
  if (!checked) throw new Error("the generated scenario does not check");
  const k = new Kernel({ profile: checked.profile as Profile });
  const names = new Names();
  for (const a of checked.actors) if (a.kind !== "process") k.addDevice(a.name, a.kind as DeviceKind);
  for (const p of checked.processes) names.bindProcess(p, k.addProcess(p));
  const t = performance.now();
  for (const step of checked.steps) {
    k.beginStep(step.index);
    const r = executeStep(k, names, step);
    k.endStep();
    if (!r.ok) throw new Error(`generated step ${step.index} failed`);
  }
  k.finish();
  const ms = performance.now() - t;
  return { steps: checked.steps.length, usPerStep: (ms * 1000) / checked.steps.length };
}
