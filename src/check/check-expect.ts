// Checks `expect` blocks: every path names a bound object and existing
// fields, every operator fits the field's type, every literal is a value the
// field can hold, every hazard kind exists.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/catalogue.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { type FieldType, fieldSchema } from "../model/api.js";
import type { CompareOp, ExpectBlock, Path, Predicate, Value } from "../syntax/ast.js";
import type { Scope } from "./check-step.js";
import type { ObjKind } from "./verbs.js";
import { hazardKinds } from "./words.js";

type ModelKind = keyof typeof fieldSchema;

/** The model object kind a name of each checker kind stands for in an expectation. */
export const modelKindOf: Partial<Record<ObjKind, ModelKind>> = { bo: "gem", dmabuf: "file", syncfile: "file", vma: "vma", mr: "mr", process: "process" };

/** Object-valued fields and the kind of object they lead to (so `M.file.refs` works). */
const objectTarget: Record<string, ModelKind> = { file: "file", mapping: "mapping", exported: "file" };

export const vmFlagNames = ["READ", "WRITE", "EXEC", "SHARED", "MAYREAD", "MAYWRITE", "MAYEXEC", "MAYSHARE", "IO", "PFNMAP", "MIXEDMAP", "DONTEXPAND", "DONTDUMP", "LOCKED"];
const wordValues: Record<string, readonly string[]> = { domain: ["vram", "gtt", "system", "cpu"], mode: ["rw", "ro", "wo"] };

/** The type a path evaluates to: a field type, or `object` of a kind for a bare name. */
export type PathType = { type: FieldType; kind?: ModelKind };

const hint = (s: string | undefined) => (s === undefined ? undefined : `did you mean \`${s}\`?`);

export function checkExpects(blocks: ExpectBlock[], scope: Scope, out: Diagnostic[]): void {
  for (const b of blocks) for (const p of b.predicates) checkPredicate(p, scope, out);
}

function checkPredicate(p: Predicate, scope: Scope, out: Diagnostic[]): void {
  switch (p.kind) {
    case "hazards":
      if (p.right.kind === "none" && p.op !== "==" && p.op !== "!=") out.push(diag("badOperator", p.opSpan, [p.op, "hazards", "compare with `none` using == or !="]));
      if (p.op === "has" || p.op === "lacks") out.push(diag("badOperator", p.opSpan, [p.op, "hazards", "hazards is a count"]));
      return;
    case "hazard":
      if (!hazardKinds.includes(p.hazard.name)) out.push(diag("unknownHazard", p.hazard.span, [p.hazard.name], hint(didYouMean(p.hazard.name, hazardKinds)) ?? `kinds: ${hazardKinds.join(", ")}`));
      pathType({ kind: "path", root: p.on, fields: [], span: p.on.span }, scope, out);
      return;
    case "compare": {
      const left = pathType(p.left, scope, out);
      if (left) checkComparison(p.left, left, p.op, p.opSpan, p.right, scope, out);
      return;
    }
  }
}

/** Resolve a path's type; a diagnostic (and undefined) when a name or field does not exist. */
export function pathType(path: Path, scope: Scope, out: Diagnostic[]): PathType | undefined {
  const root = path.root.name;
  const bound = scope.names.get(root)?.kind ?? (scope.processes.includes(root) ? "process" : undefined);
  if (!bound) {
    const why = scope.reserved.has(root) ? `the step at line ${scope.reserved.get(root)} is expected to fail, so it binds nothing` : hint(didYouMean(root, [...scope.names.keys(), ...scope.processes]));
    out.push(diag("unboundName", path.root.span, [root], why));
    return undefined;
  }
  let kind = modelKindOf[bound];
  if (!kind) {
    out.push(diag("unknownField", path.root.span, [root, path.fields[0]?.name ?? ""], "this kind of object has no fields yet"));
    return undefined;
  }
  let t: PathType = { type: "object", kind };
  for (const f of path.fields) {
    const fields: Readonly<Record<string, FieldType>> = kind ? fieldSchema[kind] : {};
    const ft: FieldType | undefined = kind && Object.hasOwn(fields, f.name) ? fields[f.name] : undefined;
    if (!ft) {
      out.push(diag("unknownField", f.span, [kind ? describe(root, path, f.name) : f.name, f.name], hint(didYouMean(f.name, Object.keys(fields))) ?? `fields: ${Object.keys(fields).join(", ")}`));
      return undefined;
    }
    kind = ft === "object" ? objectTarget[f.name] : undefined;
    t = { type: ft, kind };
  }
  return t;
}

function describe(root: string, path: Path, field: string): string {
  const upTo = path.fields.findIndex((x) => x.name === field);
  return [root, ...path.fields.slice(0, upTo).map((x) => x.name)].join(".");
}

function checkComparison(left: Path, lt: PathType, op: CompareOp, opSpan: Predicate["span"], right: Value, scope: Scope, out: Diagnostic[]): void {
  const name = [left.root.name, ...left.fields.map((f) => f.name)].join(".");
  const ordered = op === "<" || op === "<=" || op === ">" || op === ">=";
  if (lt.type === "set" && op !== "has" && op !== "lacks") return void out.push(diag("badOperator", opSpan, [op, name, "it is a set: use `has` or `lacks`"]));
  if (lt.type !== "set" && (op === "has" || op === "lacks")) return void out.push(diag("badOperator", opSpan, [op, name, "only a set (such as `flags`) takes `has`/`lacks`"]));
  if (ordered && lt.type !== "number") return void out.push(diag("badOperator", opSpan, [op, name, "only numbers are ordered"]));
  checkRight(name, left, lt, right, scope, out);
}

function checkRight(name: string, left: Path, lt: PathType, right: Value, scope: Scope, out: Diagnostic[]): void {
  const field = left.fields.at(-1)?.name ?? "";
  if (right.kind === "none") {
    if (lt.type !== "object") out.push(diag("badValue", right.span, ["none", name, "only an object field can be `none`"]));
    return;
  }
  if (right.kind === "ok" || right.kind === "string") return void out.push(diag("badValue", right.span, [right.kind === "ok" ? "ok" : JSON.stringify(right.value), name, expectedOf(lt, field)]));
  if (right.kind === "number") {
    if (lt.type !== "number") out.push(diag("badValue", right.span, [right.text, name, expectedOf(lt, field)]));
    return;
  }
  const isName = right.fields.length > 0 || scope.names.has(right.root.name) || scope.processes.includes(right.root.name);
  if (isName) {
    const rt = pathType(right, scope, out);
    if (rt && rt.type !== lt.type) out.push(diag("badValue", right.span, [right.root.name, name, expectedOf(lt, field)]));
    return;
  }
  checkLiteral(name, field, lt, right.root.name, right.span, out);
}

function checkLiteral(name: string, field: string, lt: PathType, word: string, span: Path["span"], out: Diagnostic[]): void {
  const allowed = lt.type === "set" ? vmFlagNames : lt.type === "bool" ? ["true", "false"] : lt.type === "word" ? wordValues[field] : undefined;
  if (lt.type === "word" && !allowed) return; // free-form words such as `owner` or `exp_name`
  if (!allowed) return void out.push(diag("unboundName", span, [word], `\`${name}\` holds ${expectedOf(lt, field)}`));
  if (!allowed.includes(word)) out.push(diag("badValue", span, [word, name, expectedOf(lt, field)], hint(didYouMean(word, allowed))));
}

function expectedOf(lt: PathType, field: string): string {
  switch (lt.type) {
    case "number":
      return "a number";
    case "set":
      return `flag names such as ${vmFlagNames.slice(8, 11).join(", ")}`;
    case "bool":
      return "true or false";
    case "object":
      return "a bound name or none";
    case "word":
      return wordValues[field] ? `one of ${wordValues[field]!.join(", ")}` : "a word";
  }
}
