// Checks one step against the verb table: subject, verb, the acting
// process, each word (operand, option and value, flag word), `as`, and the
// written outcome; records what the step binds.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/catalogue.js";
import { didYouMean } from "../diagnostics/suggest.js";
import type { Ident, Span, Step, Word } from "../syntax/ast.js";
import type { Actor, CheckedStep, Operand, OptionValue, OutcomeAtom } from "./checked.js";
import { checkOutcome } from "./check-outcome.js";
import { type ActorKind, type ObjKind, type OperandSpec, type VerbSpec, findVerb, objKindWords, positionalSize, verbsOf } from "./verbs.js";

export interface Binding {
  kind: ObjKind;
  line: number;
}

export interface Scope {
  actors: Map<string, Actor>;
  /** Processes that exist at this point: declared ones, then those `fork` made. */
  processes: string[];
  /** Names bound so far (a step expected to fail binds nothing). */
  names: Map<string, Binding>;
  /** Every name written as a binding, with its line: a name is bound once. */
  reserved: Map<string, number>;
}

const hint = (s: string | undefined) => (s === undefined ? undefined : `did you mean \`${s}\`?`);

export function checkStep(step: Step, index: number, scope: Scope, out: Diagnostic[]): CheckedStep | undefined {
  const before = out.length;
  const subject = resolveSubject(step.subject, scope, out);
  if (!subject) return undefined;
  const kind = subject.kind === "forked" ? "process" : subject.kind;
  const spec = findVerb(kind, step.verb.name);
  if (!spec) {
    const verbs = verbsOf(kind).map((v) => v.verb);
    const guess = didYouMean(step.verb.name, verbs);
    out.push(diag("unknownVerb", step.verb.span, [step.verb.name, kind], hint(guess) ?? `verbs: ${[...new Set(verbs)].join(", ")}`));
    // Read the rest of the step as the verb it most likely meant, silently, so
    // that what it binds does not turn every later use into a second error.
    const meant = guess === undefined ? undefined : findVerb(kind, guess);
    if (meant) record(step, bindingOf(step, meant, classifyWords(step, meant, scope, []).operands, scope, []), undefined, scope);
    return undefined;
  }
  if (!spec.modelled) out.push(diag("notModelledVerb", step.verb.span, [subject.kind, spec.verb]));
  const process = actingProcess(step, subject, scope, out);
  const words = classifyWords(step, spec, scope, out);
  const outcome = checkOutcome(step, spec, scope, out);
  const binds = bindingOf(step, spec, words.operands, scope, out);
  record(step, binds, outcome, scope);
  if (out.length > before || process === undefined || !outcome) return undefined;
  return { index, step, spec, subject, process, operands: words.operands, options: words.options, flags: words.flags, size: words.size, binds, outcome };
}

/**
 * Record what a step binds. A step expected to fail binds nothing; a step
 * whose outcome could not be read binds, so one mistake is one diagnostic.
 */
function record(step: Step, binds: { name: string; kind: ObjKind } | undefined, outcome: { atoms: OutcomeAtom[] } | undefined, scope: Scope): void {
  if (!binds) return;
  scope.reserved.set(binds.name, step.span.startLine);
  if (outcome && !outcome.atoms.some((a) => a.kind !== "errno" && a.kind !== "signal")) return;
  scope.names.set(binds.name, { kind: binds.kind, line: step.span.startLine });
  if (binds.kind === "process") scope.processes.push(binds.name);
}

function resolveSubject(id: Ident, scope: Scope, out: Diagnostic[]): { name: string; kind: ActorKind | "forked" } | undefined {
  const actor = scope.actors.get(id.name);
  if (actor) return { name: actor.name, kind: actor.kind };
  if (scope.processes.includes(id.name)) return { name: id.name, kind: scope.actors.has(id.name) ? "process" : "forked" };
  const known = [...scope.actors.keys(), ...scope.processes];
  if (scope.reserved.has(id.name) && !scope.names.has(id.name)) {
    out.push(diag("unboundName", id.span, [id.name], `the step at line ${scope.reserved.get(id.name)} is expected to fail, so it binds nothing`));
  } else out.push(diag("unknownActor", id.span, [id.name], hint(didYouMean(id.name, known))));
  return undefined;
}

function actingProcess(step: Step, subject: { name: string; kind: ActorKind | "forked" }, scope: Scope, out: Diagnostic[]): string | undefined {
  const isProcess = subject.kind === "process" || subject.kind === "forked";
  if (step.by) {
    if (isProcess) {
      out.push(diag("needsProcess", step.by.span, [`a process acts for itself: \`by ${step.by.name}\` only goes with a device actor`]));
      return undefined;
    }
    if (!scope.processes.includes(step.by.name)) {
      out.push(diag("needsProcess", step.by.span, [`\`${step.by.name}\` is not a process`], hint(didYouMean(step.by.name, scope.processes))));
      return undefined;
    }
    return step.by.name;
  }
  if (isProcess) return subject.name;
  if (scope.processes.length === 1) return scope.processes[0];
  out.push(diag("needsProcess", step.subject.span, [`several processes exist (${scope.processes.join(", ")}): say which one issues the ioctl with \`by PROCESS\``]));
  return undefined;
}

interface Words {
  operands: Operand[];
  options: Map<string, OptionValue>;
  flags: Set<string>;
  size?: number;
}

function classifyWords(step: Step, spec: VerbSpec, scope: Scope, out: Diagnostic[]): Words {
  const w: Words = { operands: [], options: new Map(), flags: new Set() };
  const positional: Word[] = [];
  for (let i = 0; i < step.words.length; i++) {
    const word = step.words[i]!;
    if (word.kind === "ident" && Object.hasOwn(spec.options, word.name)) {
      const value = step.words[i + 1];
      i++;
      if (w.options.has(word.name)) out.push(diag("duplicateWord", word.span, [word.name]));
      const v = value ? checkValue(word, value, spec, scope, out) : undefined;
      if (!value) out.push(diag("missingOperand", word.span, [word.name, "a value"]));
      if (v) w.options.set(word.name, v);
    } else if (word.kind === "ident" && spec.flagWords.includes(word.name)) {
      if (w.flags.has(word.name)) out.push(diag("duplicateWord", word.span, [word.name]));
      w.flags.add(word.name);
    } else if (word.kind === "number" && positionalSize.has(spec.verb) && w.size === undefined) {
      w.size = word.value;
    } else positional.push(word);
  }
  w.operands = checkOperands(step, spec, positional, scope, out);
  if (positionalSize.has(spec.verb) && w.size === undefined) out.push(diag("missingOperand", step.verb.span, [spec.verb, "a size (e.g. `4K`)"]));
  for (const key of spec.requires ?? []) {
    if (spec.flagWords.includes(key)) {
      if (!w.flags.has(key)) out.push(diag("missingOperand", step.verb.span, [spec.verb, `\`${key}\``]));
    } else if (!w.options.has(key)) out.push(diag("missingOperand", step.verb.span, [spec.verb, `\`${key} …\``]));
  }
  return w;
}

function checkValue(key: Ident, value: Word, spec: VerbSpec, scope: Scope, out: Diagnostic[]): OptionValue | undefined {
  const vk = spec.options[key.name]!;
  const bad = (why: string, h?: string) => (out.push(diag("badValue", value.span, [wordText(value), key.name, why], h)), undefined);
  switch (vk.kind) {
    case "size":
    case "count":
      return value.kind === "number" ? { kind: "number", value: value.value } : bad(vk.kind === "size" ? "a size such as 4K or 2M" : "a number");
    case "enum":
      if (value.kind === "ident" && vk.values.includes(value.name)) return { kind: "word", value: value.name };
      return bad(`one of ${vk.values.join(", ")}`, value.kind === "ident" ? hint(didYouMean(value.name, vk.values)) : undefined);
    case "flags": {
      const names = value.kind === "flags" ? value.names : value.kind === "ident" ? [value] : undefined;
      if (!names) return bad(`flag words joined by |: ${vk.values.join(", ")}`);
      for (const n of names) {
        if (!vk.values.includes(n.name)) out.push(diag("badValue", n.span, [n.name, key.name, `flags: ${vk.values.join(", ")}`], hint(didYouMean(n.name, vk.values))));
      }
      return { kind: "flags", values: names.map((n) => n.name) };
    }
    case "name": {
      if (value.kind !== "ident") return bad(`a name (${vk.kinds.map((k) => objKindWords[k]).join(" or ")})`);
      const kind = nameKind(value, scope, out);
      if (!kind) return undefined;
      if (!vk.kinds.includes(kind)) return bad(`it is ${objKindWords[kind]}, and \`${key.name}\` wants ${vk.kinds.map((k) => objKindWords[k]).join(" or ")}`);
      return { kind: "name", name: value.name, objKind: kind };
    }
  }
}

/** The kind of a name used in a step: a bound object, a process or a device actor. */
export function nameKind(id: Ident, scope: Scope, out: Diagnostic[]): ObjKind | undefined {
  const b = scope.names.get(id.name);
  if (b) return b.kind;
  if (scope.processes.includes(id.name)) return "process";
  if (scope.actors.has(id.name)) return "device";
  if (scope.reserved.has(id.name)) {
    out.push(diag("unboundName", id.span, [id.name], `the step at line ${scope.reserved.get(id.name)} is expected to fail, so it binds nothing`));
  } else {
    out.push(diag("unboundName", id.span, [id.name], hint(didYouMean(id.name, [...scope.names.keys(), ...scope.actors.keys()]))));
  }
  return undefined;
}

function checkOperands(step: Step, spec: VerbSpec, words: Word[], scope: Scope, out: Diagnostic[]): Operand[] {
  const operands: Operand[] = [];
  const specs = operandSpecs(spec, words, scope);
  words.forEach((word, i) => {
    const os = specs[i];
    if (!os) {
      const keys = [...Object.keys(spec.options), ...spec.flagWords];
      const why = keys.length ? `it takes ${keys.map((k) => `\`${k}\``).join(", ")}` : "it takes no more words";
      out.push(diag("unknownWord", word.span, [wordText(word), spec.verb, why], word.kind === "ident" ? hint(didYouMean(word.name, keys)) : undefined));
      return;
    }
    const op = checkOperand(word, os, spec, scope, out);
    if (op) operands.push(op);
  });
  const missing = specs.slice(words.length).find((s) => !s.optional);
  if (missing) out.push(diag("missingOperand", step.verb.span, [spec.verb, `${missing.label} (${missing.kinds.map((k) => objKindWords[k]).join(" or ")})`]));
  return operands;
}

/** `mmap DEVICE B` takes a BO after a device; `mmap D` takes none. */
function operandSpecs(spec: VerbSpec, words: Word[], scope: Scope): readonly OperandSpec[] {
  if (spec.verb !== "mmap") return spec.operands;
  const first = words[0];
  const isDevice = first?.kind === "ident" && scope.actors.has(first.name) && scope.actors.get(first.name)!.kind !== "process";
  return isDevice ? spec.operands.map((o) => ({ ...o, optional: false })) : spec.operands.slice(0, 1);
}

function checkOperand(word: Word, os: OperandSpec, spec: VerbSpec, scope: Scope, out: Diagnostic[]): Operand | undefined {
  if (word.kind !== "ident") {
    out.push(diag("wrongKind", word.span, [wordText(word), "not a name", spec.verb, `${os.label} (${os.kinds.map((k) => objKindWords[k]).join(" or ")})`]));
    return undefined;
  }
  if (os.role === "bind") return { kind: "bind", name: word.name, objKind: os.kinds[0]!, span: word.span };
  const kind = nameKind(word, scope, out);
  if (!kind) return undefined;
  if (!os.kinds.includes(kind)) {
    out.push(diag("wrongKind", word.span, [word.name, objKindWords[kind], spec.verb, os.kinds.map((k) => objKindWords[k]).join(" or ")]));
    return undefined;
  }
  if (kind === "device") {
    const actor = scope.actors.get(word.name)!;
    if (actor.kind === "process") {
      out.push(diag("wrongKind", word.span, [word.name, "a process", spec.verb, "a device actor"]));
      return undefined;
    }
    return { kind: "actor", name: word.name, actorKind: actor.kind, span: word.span };
  }
  return { kind: "name", name: word.name, objKind: kind, span: word.span };
}

function bindingOf(step: Step, spec: VerbSpec, operands: Operand[], scope: Scope, out: Diagnostic[]): { name: string; kind: ObjKind } | undefined {
  const bindOp = operands.find((o) => o.kind === "bind");
  let binds: { name: string; kind: ObjKind; span: Span } | undefined = bindOp ? { name: bindOp.name, kind: bindOp.objKind, span: bindOp.span } : undefined;
  if (step.as) {
    if (!spec.binds) out.push(diag("unexpectedAs", step.as.span, [spec.verb, step.as.name]));
    else binds = { name: step.as.name, kind: spec.binds.kind, span: step.as.span };
  } else if (spec.binds?.required) {
    out.push(diag("missingAs", step.verb.span, [spec.verb]));
  }
  if (!binds) return undefined;
  const line = scope.reserved.get(binds.name) ?? scope.actors.get(binds.name)?.span.startLine;
  if (line !== undefined) {
    out.push(diag("boundTwice", binds.span, [binds.name, line]));
    return undefined;
  }
  return { name: binds.name, kind: binds.kind };
}

export function wordText(w: Word): string {
  switch (w.kind) {
    case "ident":
      return w.name;
    case "number":
      return w.text;
    case "string":
      return JSON.stringify(w.value);
    case "flags":
      return w.names.map((n) => n.name).join("|");
  }
}
