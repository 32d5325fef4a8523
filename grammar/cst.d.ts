// Generated from grammar/parser.ts by test/grammar/drift.test.ts: do not edit.
// Regenerate with UPDATE_GRAMMAR=1 npx vitest run test/grammar/drift.test.ts
import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface FileCstNode extends CstNode {
  name: "file";
  children: FileCstChildren;
}

export type FileCstChildren = {
  NewLine?: IToken[];
  scenario?: ScenarioCstNode[];
};

export interface ScenarioCstNode extends CstNode {
  name: "scenario";
  children: ScenarioCstChildren;
}

export type ScenarioCstChildren = {
  titleLine: TitleLineCstNode[];
  kernelLine?: KernelLineCstNode[];
  tagsLine?: TagsLineCstNode[];
  actorsBlock: ActorsBlockCstNode[];
  stepsBlock: StepsBlockCstNode[];
  expectBlock?: ExpectBlockCstNode[];
};

export interface TitleLineCstNode extends CstNode {
  name: "titleLine";
  children: TitleLineCstChildren;
}

export type TitleLineCstChildren = {
  Scenario: IToken[];
  StringLiteral: IToken[];
  NewLine: (IToken)[];
};

export interface KernelLineCstNode extends CstNode {
  name: "kernelLine";
  children: KernelLineCstChildren;
}

export type KernelLineCstChildren = {
  Kernel: IToken[];
  Profile: IToken[];
  With?: IToken[];
  knob?: KnobCstNode[];
  NewLine: (IToken)[];
};

export interface KnobCstNode extends CstNode {
  name: "knob";
  children: KnobCstChildren;
}

export type KnobCstChildren = {
  key: IToken[];
  Equals: IToken[];
  value?: (IToken)[];
};

export interface TagsLineCstNode extends CstNode {
  name: "tagsLine";
  children: TagsLineCstChildren;
}

export type TagsLineCstChildren = {
  Tags: IToken[];
  tag?: (IToken)[];
  NewLine: (IToken)[];
};

export interface ActorsBlockCstNode extends CstNode {
  name: "actorsBlock";
  children: ActorsBlockCstChildren;
}

export type ActorsBlockCstChildren = {
  Actors: IToken[];
  LBrace: IToken[];
  NewLine?: (IToken)[];
  actorDecl?: ActorDeclCstNode[];
  RBrace: IToken[];
};

export interface ActorDeclCstNode extends CstNode {
  name: "actorDecl";
  children: ActorDeclCstChildren;
}

export type ActorDeclCstChildren = {
  name: IToken[];
  Colon: IToken[];
  actorKind: IToken[];
};

export interface StepsBlockCstNode extends CstNode {
  name: "stepsBlock";
  children: StepsBlockCstChildren;
}

export type StepsBlockCstChildren = {
  Steps: IToken[];
  LBrace: IToken[];
  NewLine?: (IToken)[];
  step?: StepCstNode[];
  parallelBlock?: ParallelBlockCstNode[];
  RBrace: IToken[];
};

export interface StepCstNode extends CstNode {
  name: "step";
  children: StepCstChildren;
}

export type StepCstChildren = {
  subject: IToken[];
  verb: IToken[];
  word?: WordCstNode[];
  asClause?: (AsClauseCstNode)[];
  byClause?: (ByClauseCstNode)[];
  outcome?: OutcomeCstNode[];
};

export interface WordCstNode extends CstNode {
  name: "word";
  children: WordCstChildren;
}

export type WordCstChildren = {
  Identifier?: (IToken)[];
  Pipe?: IToken[];
  NumberLiteral?: IToken[];
  StringLiteral?: IToken[];
};

export interface AsClauseCstNode extends CstNode {
  name: "asClause";
  children: AsClauseCstChildren;
}

export type AsClauseCstChildren = {
  As: IToken[];
  Identifier: IToken[];
};

export interface ByClauseCstNode extends CstNode {
  name: "byClause";
  children: ByClauseCstChildren;
}

export type ByClauseCstChildren = {
  By: IToken[];
  Identifier: IToken[];
};

export interface OutcomeCstNode extends CstNode {
  name: "outcome";
  children: OutcomeCstChildren;
}

export type OutcomeCstChildren = {
  Arrow: IToken[];
  outcomeAtom?: (OutcomeAtomCstNode)[];
  One?: IToken[];
  Of?: IToken[];
  LBrace?: IToken[];
  Comma?: IToken[];
  RBrace?: IToken[];
};

export interface OutcomeAtomCstNode extends CstNode {
  name: "outcomeAtom";
  children: OutcomeAtomCstChildren;
}

export type OutcomeAtomCstChildren = {
  Ok?: IToken[];
  None?: IToken[];
  Identifier?: IToken[];
};

export interface ParallelBlockCstNode extends CstNode {
  name: "parallelBlock";
  children: ParallelBlockCstChildren;
}

export type ParallelBlockCstChildren = {
  Parallel: IToken[];
  LBrace: IToken[];
  threadBlock?: ThreadBlockCstNode[];
  NewLine?: IToken[];
  RBrace: IToken[];
};

export interface ThreadBlockCstNode extends CstNode {
  name: "threadBlock";
  children: ThreadBlockCstChildren;
}

export type ThreadBlockCstChildren = {
  Thread: IToken[];
  Identifier: IToken[];
  LBrace: IToken[];
  step?: StepCstNode[];
  NewLine?: IToken[];
  RBrace: IToken[];
};

export interface ExpectBlockCstNode extends CstNode {
  name: "expectBlock";
  children: ExpectBlockCstChildren;
}

export type ExpectBlockCstChildren = {
  Expect: IToken[];
  Always?: IToken[];
  Sometimes?: IToken[];
  Never?: IToken[];
  LBrace: IToken[];
  NewLine?: (IToken)[];
  predicate?: PredicateCstNode[];
  RBrace: IToken[];
};

export interface PredicateCstNode extends CstNode {
  name: "predicate";
  children: PredicateCstChildren;
}

export type PredicateCstChildren = {
  hazardsCount?: HazardsCountCstNode[];
  hazardOn?: HazardOnCstNode[];
  comparison?: ComparisonCstNode[];
};

export interface HazardsCountCstNode extends CstNode {
  name: "hazardsCount";
  children: HazardsCountCstChildren;
}

export type HazardsCountCstChildren = {
  Hazards: IToken[];
  operator: OperatorCstNode[];
  None?: IToken[];
  NumberLiteral?: IToken[];
};

export interface HazardOnCstNode extends CstNode {
  name: "hazardOn";
  children: HazardOnCstChildren;
}

export type HazardOnCstChildren = {
  Hazard: IToken[];
  hazardKind: IToken[];
  On: IToken[];
  object: IToken[];
};

export interface ComparisonCstNode extends CstNode {
  name: "comparison";
  children: ComparisonCstChildren;
}

export type ComparisonCstChildren = {
  path: PathCstNode[];
  operator: OperatorCstNode[];
  value: ValueCstNode[];
};

export interface PathCstNode extends CstNode {
  name: "path";
  children: PathCstChildren;
}

export type PathCstChildren = {
  Identifier: (IToken)[];
  Dot?: IToken[];
};

export interface OperatorCstNode extends CstNode {
  name: "operator";
  children: OperatorCstChildren;
}

export type OperatorCstChildren = {
  EqEq?: IToken[];
  NotEq?: IToken[];
  LessEq?: IToken[];
  Less?: IToken[];
  GreaterEq?: IToken[];
  Greater?: IToken[];
  Has?: IToken[];
  Lacks?: IToken[];
};

export interface ValueCstNode extends CstNode {
  name: "value";
  children: ValueCstChildren;
}

export type ValueCstChildren = {
  path?: PathCstNode[];
  NumberLiteral?: IToken[];
  StringLiteral?: IToken[];
  None?: IToken[];
  Ok?: IToken[];
};

export interface ICstNodeVisitor<IN, OUT> extends ICstVisitor<IN, OUT> {
  file(children: FileCstChildren, param?: IN): OUT;
  scenario(children: ScenarioCstChildren, param?: IN): OUT;
  titleLine(children: TitleLineCstChildren, param?: IN): OUT;
  kernelLine(children: KernelLineCstChildren, param?: IN): OUT;
  knob(children: KnobCstChildren, param?: IN): OUT;
  tagsLine(children: TagsLineCstChildren, param?: IN): OUT;
  actorsBlock(children: ActorsBlockCstChildren, param?: IN): OUT;
  actorDecl(children: ActorDeclCstChildren, param?: IN): OUT;
  stepsBlock(children: StepsBlockCstChildren, param?: IN): OUT;
  step(children: StepCstChildren, param?: IN): OUT;
  word(children: WordCstChildren, param?: IN): OUT;
  asClause(children: AsClauseCstChildren, param?: IN): OUT;
  byClause(children: ByClauseCstChildren, param?: IN): OUT;
  outcome(children: OutcomeCstChildren, param?: IN): OUT;
  outcomeAtom(children: OutcomeAtomCstChildren, param?: IN): OUT;
  parallelBlock(children: ParallelBlockCstChildren, param?: IN): OUT;
  threadBlock(children: ThreadBlockCstChildren, param?: IN): OUT;
  expectBlock(children: ExpectBlockCstChildren, param?: IN): OUT;
  predicate(children: PredicateCstChildren, param?: IN): OUT;
  hazardsCount(children: HazardsCountCstChildren, param?: IN): OUT;
  hazardOn(children: HazardOnCstChildren, param?: IN): OUT;
  comparison(children: ComparisonCstChildren, param?: IN): OUT;
  path(children: PathCstChildren, param?: IN): OUT;
  operator(children: OperatorCstChildren, param?: IN): OUT;
  value(children: ValueCstChildren, param?: IN): OUT;
}
