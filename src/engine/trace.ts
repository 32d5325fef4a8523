// A scenario run step by step for `explain`: the state after set-up and after
// every step, labelled with the names the whole run binds (so an object has
// one label from its creation on), and the model's events of each step. The
// model is deterministic, so a first pass learns the names and a second
// records the states; the verdicts come from the engine's own run.
import type { DeviceKind, KernelEvent, ObjRef, Profile } from "../model/api.js";
import { Kernel } from "../model/index.js";
import type { CheckedScenario } from "../check/checked.js";
import { executeStep } from "./interpret.js";
import { Names } from "./names.js";
import { runChecked } from "./run.js";
import type { ScenarioResult, Snapshot } from "./types.js";

export interface StepTrace {
  /** 1-based step index. */
  index: number;
  /** The state after the step. */
  state: Snapshot;
  /** The model's events during the step, in order. */
  events: KernelEvent[];
}

export interface Trace {
  result: ScenarioResult;
  /** The state after set-up (devices opened, processes created), before the first step. */
  initial: Snapshot;
  steps: StepTrace[];
  /** Every event of the run, set-up included. */
  events: KernelEvent[];
  /** Labels objects as the snapshots do. */
  label: (ref: ObjRef) => string | undefined;
}

type Label = (ref: ObjRef) => string | undefined;

/** Runs `sc` on a fresh model; calls `after` with the kernel after set-up (step 0) and after each step. */
function replay(sc: CheckedScenario, after: (k: Kernel, step: number) => void): Names {
  const k = new Kernel({ profile: sc.profile as Profile, knobs: sc.knobs });
  const names = new Names();
  for (const a of sc.actors) if (a.kind !== "process") k.addDevice(a.name, a.kind as DeviceKind);
  for (const p of sc.processes) names.bindProcess(p, k.addProcess(p));
  after(k, 0);
  for (const step of sc.steps) {
    k.beginStep(step.index);
    executeStep(k, names, step);
    k.endStep();
    after(k, step.index);
  }
  k.finish();
  return names;
}

/** Run `sc` and record the state after every step. */
export function traceScenario(sc: CheckedScenario, source: string): Trace {
  const result = runChecked(sc, source);
  const label: Label = replay(sc, () => undefined).labeller();
  const states: Snapshot[] = [];
  const counts: number[] = [];
  let events: KernelEvent[] = [];
  replay(sc, (k) => {
    states.push(k.snapshot(label));
    events = k.events();
    counts.push(events.length);
  });
  const steps = sc.steps.map((s, i) => ({ index: s.index, state: states[i + 1]!, events: events.slice(counts[i], counts[i + 1]) }));
  return { result, initial: states[0]!, steps, events, label };
}
