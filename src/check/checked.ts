// The checked form of a scenario: what the interpreter runs. Every name is
// resolved, every word classified; nothing here can be wrong at run time
// except what the model answers.
import type { ExpectBlock, Scenario, Span, Step } from "../syntax/ast.js";
import type { ActorKind, ObjKind, VerbSpec } from "./verbs.js";

export interface Actor {
  name: string;
  kind: ActorKind;
  span: Span;
}

/** One outcome the step may have; a step admits one or more. */
export type OutcomeAtom =
  | { kind: "ok" }
  | { kind: "none" }
  | { kind: "errno"; name: string }
  | { kind: "signal"; name: string }
  | { kind: "object"; name: string };

/** A resolved operand: a bound name (with the kind it was bound as) or an actor. */
export type Operand =
  | { kind: "name"; name: string; objKind: ObjKind; span: Span }
  | { kind: "actor"; name: string; actorKind: ActorKind; span: Span }
  | { kind: "bind"; name: string; objKind: ObjKind; span: Span };

export type OptionValue =
  | { kind: "number"; value: number }
  | { kind: "word"; value: string }
  | { kind: "flags"; values: string[] }
  | { kind: "name"; name: string; objKind: ObjKind };

export interface CheckedStep {
  index: number;
  step: Step;
  spec: VerbSpec;
  subject: { name: string; kind: ActorKind | "forked" };
  /** The process whose system call or ioctl this is. */
  process: string;
  operands: Operand[];
  options: Map<string, OptionValue>;
  flags: Set<string>;
  /** `anon 2M`, `memfd 4K`: the size written positionally. */
  size?: number;
  /** The name the step binds on success (`as NAME`, or a bind operand). */
  binds?: { name: string; kind: ObjKind };
  /** What the scenario expects; `written` false means "must succeed". */
  outcome: { atoms: OutcomeAtom[]; written: boolean; text: string };
}

export interface CheckedScenario {
  ast: Scenario;
  profile: string;
  knobs: Record<string, string>;
  actors: Actor[];
  /** Process actors in declaration order (the implicit `app` when none is declared). */
  processes: string[];
  steps: CheckedStep[];
  expects: ExpectBlock[];
  /** Names bound by steps, with their kinds (for expectations). */
  names: Map<string, ObjKind>;
}
