// Judging: does a step's answer match its written outcome, and do the
// `expect` blocks hold in the final state.
import type { Kernel } from "../model/index.js";
import type { FieldValue, ObjRef } from "../model/api.js";
import type { CheckedStep, OutcomeAtom } from "../check/checked.js";
import type { ExpectBlock, Path, Predicate, Value } from "../syntax/ast.js";
import type { ExpectationReport, Hazard, Observed } from "./types.js";
import type { StepAnswer } from "./interpret.js";
import { type Names, sameObject } from "./names.js";

export function observedOf(a: StepAnswer, label: (r: ObjRef) => string | undefined): Observed {
  if (a.ok) {
    if (a.yields === undefined) return { kind: "ok" };
    if (a.yields === null) return { kind: "none" };
    return { kind: "ok", value: label(a.yields) ?? `${a.yields.kind}#${a.yields.id}` };
  }
  if ("unbound" in a) return { kind: "not-run", reason: a.why };
  if ("errno" in a) return { kind: "errno", errno: a.errno, reason: a.reason, cite: a.cite };
  return { kind: "signal", signal: a.signal, reason: a.reason, cite: a.cite };
}

export function outcomeHolds(step: CheckedStep, a: StepAnswer, names: Names): boolean {
  return step.outcome.atoms.some((atom) => atomHolds(atom, a, names));
}

function atomHolds(atom: OutcomeAtom, a: StepAnswer, names: Names): boolean {
  switch (atom.kind) {
    case "ok":
      return a.ok;
    case "none":
      return a.ok && a.yields === null;
    case "errno":
      return !a.ok && "errno" in a && a.errno === atom.name;
    case "signal":
      return !a.ok && "signal" in a && a.signal === atom.name;
    case "object":
      return a.ok && sameObject(a.yields, names.get(atom.name)?.ref);
  }
}

export function describeObserved(o: Observed): string {
  switch (o.kind) {
    case "ok":
      return o.refused ? `refused (${o.refused.reason})` : (o.value ?? "ok");
    case "none":
      return "none";
    case "errno":
      return `${o.errno} (${o.reason})`;
    case "not-run":
      return `nothing: the step could not be issued, ${o.reason}`;
    case "signal":
      return `${o.signal} (${o.reason})`;
  }
}

/** Evaluates expectation blocks on the final state (one final state: no `parallel` yet). */
export class ExpectJudge {
  constructor(
    private readonly k: Kernel,
    private readonly names: Names,
    private readonly hazards: Hazard[],
    private readonly label: (r: ObjRef) => string | undefined,
    private readonly source: string,
  ) {}

  judge(blocks: ExpectBlock[]): ExpectationReport[] {
    const reports: ExpectationReport[] = [];
    for (const b of blocks) {
      if (b.quantifier === "never") reports.push(this.never(b));
      else for (const p of b.predicates) reports.push(this.report(p));
    }
    return reports;
  }

  /** always/sometimes over one final state: each predicate must hold. */
  private report(p: Predicate): ExpectationReport {
    const r = this.predicate(p);
    const rep: ExpectationReport = { span: p.span, text: this.text(p), status: r.holds ? "pass" : "fail", actual: r.actual };
    if (!r.holds) rep.message = `does not hold: ${r.actual}`;
    return rep;
  }

  /** never { P1 … Pn }: the conjunction must not hold in the final state. */
  private never(b: ExpectBlock): ExpectationReport {
    const results = b.predicates.map((p) => this.predicate(p));
    const holds = results.every((r) => r.holds);
    const actual = results.map((r) => r.actual).join("; ");
    const rep: ExpectationReport = { span: b.span, text: b.predicates.map((p) => this.text(p)).join("; "), status: holds ? "fail" : "pass", actual };
    if (holds) rep.message = `the block says never, but it holds: ${actual}`;
    return rep;
  }

  private text(p: Predicate): string {
    return this.source.slice(p.span.startOffset, p.span.endOffset);
  }

  private predicate(p: Predicate): { holds: boolean; actual: string } {
    switch (p.kind) {
      case "hazards": {
        const n = this.hazards.length;
        const want = p.right.kind === "none" ? 0 : p.right.value;
        const list = n === 0 ? "none" : this.hazards.map((h) => `${h.kind} on ${h.objects.join(", ")}`).join("; ");
        return { holds: compare(n, p.op, want), actual: `hazards: ${list}` };
      }
      case "hazard": {
        const holds = this.hazards.some((h) => h.kind === p.hazard.name && h.objects.includes(p.on.name));
        const list = this.hazards.length === 0 ? "none" : this.hazards.map((h) => `${h.kind} on ${h.objects.join(", ")}`).join("; ");
        return { holds, actual: `hazards: ${list}` };
      }
      case "compare": {
        const left = this.path(p.left);
        const right = this.value(p.right);
        const lname = pathText(p.left);
        if (left.missing) return { holds: false, actual: left.missing };
        if (right.missing) return { holds: false, actual: right.missing };
        return { holds: compare(left.v, p.op, right.v), actual: `${lname} is ${this.show(left.v)}` };
      }
    }
  }

  private path(p: Path): { v: FieldValue | undefined; missing?: string } {
    const e = this.names.get(p.root.name);
    let v: FieldValue | undefined = e?.ref ?? (this.names.pid(p.root.name) !== undefined ? { kind: "process", id: this.names.pid(p.root.name)! } : undefined);
    if (v === undefined) return { v, missing: `\`${p.root.name}\` was never bound: the step that binds it did not succeed` };
    let at = p.root.name;
    for (const f of p.fields) {
      if (!isRef(v)) return { v: undefined, missing: `${at} is ${this.show(v)}, which has no field ${f.name}` };
      const next: FieldValue | undefined = this.k.field(v, f.name);
      if (next === undefined) return { v: undefined, missing: `${at} is freed (refs == 0) and has no field ${f.name}` };
      v = next;
      at = `${at}.${f.name}`;
    }
    return { v };
  }

  private value(v: Value): { v: FieldValue | undefined; missing?: string } {
    switch (v.kind) {
      case "number":
        return { v: v.value };
      case "string":
        return { v: v.value };
      case "none":
        return { v: null };
      case "ok":
        return { v: "ok" };
      case "path":
        if (v.fields.length === 0 && !this.names.get(v.root.name) && this.names.pid(v.root.name) === undefined) return { v: v.root.name };
        return this.path(v);
    }
  }

  show(v: FieldValue | undefined): string {
    if (v === undefined) return "absent";
    if (v === null) return "none";
    if (Array.isArray(v)) return `{${v.join(", ")}}`;
    if (isRef(v)) return this.label(v) ?? `${v.kind}#${v.id}`;
    return String(v);
  }
}

function isRef(v: FieldValue | undefined): v is ObjRef {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function compare(l: FieldValue | undefined, op: string, r: FieldValue | undefined): boolean {
  switch (op) {
    case "has":
      return Array.isArray(l) && typeof r === "string" && l.includes(r);
    case "lacks":
      return Array.isArray(l) && typeof r === "string" && !l.includes(r);
    case "==":
      return equal(l, r);
    case "!=":
      return !equal(l, r);
  }
  if (typeof l !== "number" || typeof r !== "number") return false;
  return op === "<" ? l < r : op === "<=" ? l <= r : op === ">" ? l > r : l >= r;
}

function equal(l: FieldValue | undefined, r: FieldValue | undefined): boolean {
  if (isRef(l) || isRef(r)) return isRef(l) && isRef(r) && sameObject(l, r);
  if (typeof l === "boolean") return String(l) === String(r);
  return l === r;
}

export function pathText(p: Path): string {
  return [p.root.name, ...p.fields.map((f) => f.name)].join(".");
}
