// The checker: resolves a parsed scenario against the verb table before
// anything runs — profiles and knobs, actors, verbs, words, names bound and
// used, outcomes and expectation paths. Produces a CheckedScenario or coded
// diagnostics; never throws on user input.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/catalogue.js";
import { didYouMean } from "../diagnostics/suggest.js";
import type { Scenario, ScnFile } from "../syntax/ast.js";
import type { Actor, CheckedScenario, CheckedStep } from "./checked.js";
import { checkStep, type Scope } from "./check-step.js";
import { checkExpects } from "./check-expect.js";
import { actorKinds, isActorKind } from "./verbs.js";
import { defaultProfile, knobValues, modelledKnobs, modelledProfiles, profileNames } from "./words.js";

export interface CheckResult {
  scenarios: CheckedScenario[];
  diagnostics: Diagnostic[];
}

const hint = (s: string | undefined) => (s === undefined ? undefined : `did you mean \`${s}\`?`);

export function checkFile(file: ScnFile): CheckResult {
  const diagnostics: Diagnostic[] = [];
  const titles = new Map<string, number>();
  const scenarios: CheckedScenario[] = [];
  for (const sc of file.scenarios) {
    const seen = titles.get(sc.title);
    if (seen !== undefined) diagnostics.push(diag("duplicateTitle", sc.titleSpan, [sc.title, seen]));
    else titles.set(sc.title, sc.titleSpan.startLine);
    const checked = checkScenario(sc, diagnostics);
    if (checked) scenarios.push(checked);
  }
  return { scenarios, diagnostics };
}

function checkScenario(sc: Scenario, out: Diagnostic[]): CheckedScenario | undefined {
  const before = out.length;
  const profile = checkKernel(sc, out);
  const knobs = checkKnobs(sc, out);
  const actors = checkActors(sc, out);
  const processes = actors.filter((a) => a.kind === "process").map((a) => a.name);
  if (processes.length === 0) processes.push("app");
  const scope: Scope = {
    actors: new Map(actors.map((a) => [a.name, a])),
    processes: [...processes],
    names: new Map(),
    reserved: new Map(),
  };
  const steps: CheckedStep[] = [];
  sc.steps.forEach((step, i) => {
    const c = checkStep(step, i + 1, scope, out);
    if (c) steps.push(c);
  });
  checkExpects(sc.expects, scope, out);
  // A warning leaves the scenario runnable; an error does not.
  for (let i = before; i < out.length; i++) if (out[i]!.severity === "error") return undefined;
  const names = new Map([...scope.names].map(([n, b]) => [n, b.kind]));
  return { ast: sc, profile, knobs, actors, processes, steps, expects: sc.expects, names };
}

function checkKernel(sc: Scenario, out: Diagnostic[]): string {
  const k = sc.kernel;
  if (!k) return defaultProfile;
  if (!profileNames.includes(k.profile)) {
    out.push(diag("unknownProfile", k.profileSpan, [k.profile], hint(didYouMean(k.profile, profileNames)) ?? `profiles: ${profileNames.join(", ")}`));
  } else if (!modelledProfiles.has(k.profile)) {
    out.push(diag("notModelledProfile", k.profileSpan, [k.profile]));
  }
  return k.profile;
}

function checkKnobs(sc: Scenario, out: Diagnostic[]): Record<string, string> {
  const knobs: Record<string, string> = {};
  for (const kn of sc.kernel?.knobs ?? []) {
    const key = kn.key.name;
    const values = Object.hasOwn(knobValues, key) ? knobValues[key] : undefined;
    const value = kn.value.kind === "ident" ? kn.value.name : kn.value.text;
    if (!values) {
      out.push(diag("unknownKnob", kn.key.span, [key], hint(didYouMean(key, Object.keys(knobValues))) ?? `knobs: ${Object.keys(knobValues).join(", ")}`));
      continue;
    }
    if (!values.includes(value)) {
      out.push(diag("badKnobValue", kn.value.span, [value, key, `one of ${values.join(", ")}`], hint(didYouMean(value, values))));
      continue;
    }
    if (!modelledKnobs.has(key)) out.push(diag("notModelledKnob", kn.key.span, [key]));
    knobs[key] = value;
  }
  return knobs;
}

function checkActors(sc: Scenario, out: Diagnostic[]): Actor[] {
  const actors: Actor[] = [];
  const lines = new Map<string, number>();
  for (const a of sc.actors) {
    const name = a.name.name;
    const kind = a.actorKind.name;
    if (lines.has(name)) {
      out.push(diag("duplicateActor", a.name.span, [name, lines.get(name)!]));
      continue;
    }
    lines.set(name, a.span.startLine);
    if (!isActorKind(kind)) {
      out.push(diag("unknownActorKind", a.actorKind.span, [kind], hint(didYouMean(kind, actorKinds)) ?? `kinds: ${actorKinds.join(", ")}`));
      continue;
    }
    const first = SINGLETONS.has(kind) ? actors.find((x) => x.kind === kind) : undefined;
    if (first) out.push(diag("singletonDevice", a.actorKind.span, [kind, name, first.name]));
    actors.push({ name, kind, span: a.span });
  }
  return actors;
}

/** Device kinds a kernel has exactly one of (the vgem platform device, /dev/udmabuf, the system heap). */
export const SINGLETONS: ReadonlySet<string> = new Set(["vgem", "udmabuf", "dma-heap"]);
