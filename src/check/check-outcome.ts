// Checks a step's written outcome (`=> EFAULT`, `=> one of { ok, EBUSY }`,
// `=> A`, `=> none`) and classifies each atom as ok, errno, signal, object.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/catalogue.js";
import { didYouMean } from "../diagnostics/suggest.js";
import type { OutcomeAtom as AstAtom, Step } from "../syntax/ast.js";
import type { OutcomeAtom } from "./checked.js";
import type { Scope } from "./check-step.js";
import type { VerbSpec } from "./verbs.js";
import { errnoNames, signalNames } from "./words.js";

export function checkOutcome(step: Step, spec: VerbSpec, scope: Scope, out: Diagnostic[]): { atoms: OutcomeAtom[]; written: boolean; text: string } | undefined {
  const o = step.outcome;
  if (!o) return { atoms: [{ kind: "ok" }], written: false, text: "ok" };
  const list = o.kind === "oneOf" ? o.atoms : [o];
  const atoms: OutcomeAtom[] = [];
  for (const a of list) {
    const c = checkAtom(a, spec, scope, out);
    if (c) atoms.push(c);
  }
  if (atoms.length !== list.length) return undefined;
  const text = o.kind === "oneOf" ? `one of { ${atoms.map(atomText).join(", ")} }` : atomText(atoms[0]!);
  return { atoms, written: true, text };
}

function checkAtom(a: AstAtom, spec: VerbSpec, scope: Scope, out: Diagnostic[]): OutcomeAtom | undefined {
  if (a.kind === "ok") return { kind: "ok" };
  if (a.kind === "none") {
    if (spec.verb === "lookup") return { kind: "none" };
    out.push(diag("badValue", a.span, ["none", spec.verb, "only `lookup` answers `none` (no dma-buf behind the mapping)"]));
    return undefined;
  }
  const name = a.name;
  if (errnoNames.includes(name)) return { kind: "errno", name };
  if (signalNames.includes(name)) {
    if (spec.verb === "touch") return { kind: "signal", name };
    out.push(diag("badValue", a.span, [name, spec.verb, "only a CPU access (`touch`) raises a signal"]));
    return undefined;
  }
  const bound = scope.names.get(name);
  if (bound && spec.yields) {
    if (spec.yields.includes(bound.kind)) return { kind: "object", name };
    out.push(diag("badValue", a.span, [name, spec.verb, `it answers with ${spec.yields.join(" or ")}, not this name`]));
    return undefined;
  }
  if (bound) {
    out.push(diag("badValue", a.span, [name, spec.verb, "only `find-bo` and `lookup` answer with an object"]));
    return undefined;
  }
  const candidates = [...errnoNames, ...signalNames, ...(spec.yields ? scope.names.keys() : [])];
  out.push(diag("unknownOutcome", a.span, [name], didYouMean(name, candidates) ? `did you mean \`${didYouMean(name, candidates)}\`?` : undefined));
  return undefined;
}

export function atomText(a: OutcomeAtom): string {
  switch (a.kind) {
    case "ok":
    case "none":
      return a.kind;
    case "errno":
    case "signal":
    case "object":
      return a.name;
  }
}
