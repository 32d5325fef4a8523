// The AST of a .scn file: what the CST→AST visitor produces and the checker,
// the engine and the formatter read. Every node carries a source span.

/**
 * A source range. Lines and columns are 1-based, offsets 0-based. The end is
 * exclusive: `endOffset` and `endColumn` are one past the last character, and
 * `endLine` is the line of the last character (so `4K` at line 3, column 9
 * spans 3:9–3:11). An empty span (start = end) marks a point, such as the end
 * of the input.
 */
export interface Span {
  startOffset: number;
  endOffset: number;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** An identifier as written (verbs, actor names, object names, errnos, flag words, tags). */
export interface Ident {
  kind: "ident";
  name: string;
  span: Span;
}

export interface NumberLit {
  kind: "number";
  /** The value in bytes/units: `4K` = 4096, `0x1000` = 4096. */
  value: number;
  /** The text as written (`4K`), kept for the formatter and messages. */
  text: string;
  span: Span;
}

export interface StringLit {
  kind: "string";
  /** The unescaped value. */
  value: string;
  span: Span;
}

/** `a|b|c` — a set of flag words written with `|` (two or more). */
export interface FlagList {
  kind: "flags";
  names: Ident[];
  span: Span;
}

/** A word of a step after the verb: the verb table says which are operands, keys, values and flag words. */
export type Word = Ident | NumberLit | StringLit | FlagList;

export interface Knob {
  kind: "knob";
  key: Ident;
  value: Ident | NumberLit;
  span: Span;
}

export interface KernelDecl {
  kind: "kernel";
  /** `linux-6.12` */
  profile: string;
  profileSpan: Span;
  knobs: Knob[];
  span: Span;
}

export interface ActorDecl {
  kind: "actor";
  name: Ident;
  /** `amdgpu`, `i915`, `rdma`, `process`, `vgem`, `udmabuf`, `dma-heap`, `panfrost` (checked later). */
  actorKind: Ident;
  span: Span;
}

/** One outcome atom: `ok`, `none`, or a word (an errno, a signal or an object name; the checker decides). */
export type OutcomeAtom =
  | { kind: "ok"; span: Span }
  | { kind: "none"; span: Span }
  | { kind: "word"; name: string; span: Span };

export type Outcome = OutcomeAtom | { kind: "oneOf"; atoms: OutcomeAtom[]; span: Span };

export interface Step {
  kind: "step";
  subject: Ident;
  verb: Ident;
  words: Word[];
  as?: Ident;
  by?: Ident;
  outcome?: Outcome;
  span: Span;
}

export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=" | "has" | "lacks";

/** `M.flags`, `D.refs`, `A` — an object name and zero or more field names. */
export interface Path {
  kind: "path";
  root: Ident;
  fields: Ident[];
  span: Span;
}

/** Right-hand side of a comparison. A bare identifier is a Path with no fields; the checker decides if it names an object or a literal (`gtt`, `PFNMAP`). */
export type Value = Path | NumberLit | StringLit | { kind: "none"; span: Span } | { kind: "ok"; span: Span };

export type Predicate =
  | { kind: "compare"; left: Path; op: CompareOp; opSpan: Span; right: Value; span: Span }
  /** `hazards == none` / `hazards != none` / `hazards == 2` */
  | { kind: "hazards"; op: CompareOp; opSpan: Span; right: NumberLit | { kind: "none"; span: Span }; span: Span }
  /** `hazard stale-pte on M` */
  | { kind: "hazard"; hazard: Ident; on: Ident; span: Span };

export type Quantifier = "always" | "sometimes" | "never";

export interface ExpectBlock {
  kind: "expect";
  quantifier: Quantifier;
  predicates: Predicate[];
  span: Span;
}

export interface Scenario {
  kind: "scenario";
  title: string;
  titleSpan: Span;
  kernel?: KernelDecl;
  tags: Ident[];
  actors: ActorDecl[];
  steps: Step[];
  expects: ExpectBlock[];
  span: Span;
}

export interface ScnFile {
  kind: "file";
  scenarios: Scenario[];
  span: Span;
}

export function assertNever(x: never): never {
  throw new Error(`unexpected node: ${JSON.stringify(x)}`);
}
