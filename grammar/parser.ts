// The grammar of the .scn language as a pure chevrotain CstParser: rules only
// (RULE/CONSUME/SUBRULE/OR/MANY/OPTION), no actions. Meaning lives in
// src/syntax/to-ast.ts; grammar/README.md is the EBNF of these rules, and
// grammar/cst.d.ts and grammar/diagrams.html are generated from them.
//
// Newlines are tokens: a newline ends a step, an expectation and a header
// line. Blank and comment-only lines are allowed between any two lines, which
// is why a block body is a repetition of "a newline, then maybe an item":
// an error inside an item then re-synchronises at the next newline, so every
// line's mistake is reported, not only the first. The grammar is LL(1)
// (`maxLookahead: 1`; constructing with validations, as the tests do, checks it).
import { CstParser } from "chevrotain";
import { expectedMessages } from "./messages.js";
import {
  Actors, allTokens, Always, Arrow, As, By, Colon, Comma, Dot, EqEq, Equals, Expect, Greater, GreaterEq,
  Has, Hazard, Hazards, Identifier, Kernel, Keyword, Lacks, LBrace, Less, LessEq, Never, NewLine, None, NotEq,
  NumberLiteral, Of, Ok, On, One, Parallel, Pipe, Profile, RBrace, Scenario, Sometimes, Steps,
  StringLiteral, Tags, Thread, With,
} from "./tokens.js";

export interface ScnParserOptions {
  /** Run chevrotain's grammar validations (ambiguities, left recursion): on in tests, off in production. */
  validate?: boolean;
}

export class ScnParser extends CstParser {
  constructor(options: ScnParserOptions = {}) {
    super(allTokens, {
      recoveryEnabled: true,
      maxLookahead: 1,
      skipValidations: !options.validate,
      errorMessageProvider: expectedMessages,
    });
    this.performSelfAnalysis();
  }

  file = this.RULE("file", () => {
    this.MANY(() => this.CONSUME(NewLine));
    this.MANY2(() => this.SUBRULE(this.scenario));
  });

  scenario = this.RULE("scenario", () => {
    this.SUBRULE(this.titleLine);
    this.OPTION(() => this.SUBRULE(this.kernelLine));
    this.OPTION2(() => this.SUBRULE(this.tagsLine));
    this.SUBRULE(this.actorsBlock);
    this.SUBRULE(this.stepsBlock);
    this.MANY2(() => this.SUBRULE(this.expectBlock));
  });

  // A rule of its own so that a mistake in the title line resumes at the next part, not the next scenario.
  titleLine = this.RULE("titleLine", () => {
    this.CONSUME(Scenario);
    this.CONSUME(StringLiteral);
    this.CONSUME(NewLine);
    this.MANY(() => this.CONSUME2(NewLine));
  });

  kernelLine = this.RULE("kernelLine", () => {
    this.CONSUME(Kernel);
    this.CONSUME(Profile);
    this.OPTION(() => {
      this.CONSUME(With);
      this.AT_LEAST_ONE(() => this.SUBRULE(this.knob));
    });
    this.CONSUME(NewLine);
    this.MANY(() => this.CONSUME2(NewLine));
  });

  knob = this.RULE("knob", () => {
    this.CONSUME(Identifier, { LABEL: "key" });
    this.CONSUME(Equals);
    this.OR([
      { ALT: () => this.CONSUME2(Identifier, { LABEL: "value" }) },
      { ALT: () => this.CONSUME(NumberLiteral, { LABEL: "value" }) },
      { ALT: () => this.CONSUME(Keyword, { LABEL: "value" }) },
    ]);
  });

  tagsLine = this.RULE("tagsLine", () => {
    this.CONSUME(Tags);
    this.AT_LEAST_ONE(() =>
      this.OR([
        { ALT: () => this.CONSUME(Identifier, { LABEL: "tag" }) },
        { ALT: () => this.CONSUME(Keyword, { LABEL: "tag" }) },
      ]),
    );
    this.CONSUME(NewLine);
    this.MANY(() => this.CONSUME2(NewLine));
  });

  actorsBlock = this.RULE("actorsBlock", () => {
    this.CONSUME(Actors);
    this.CONSUME(LBrace);
    this.MANY(() => {
      this.CONSUME(NewLine);
      this.OPTION(() => this.SUBRULE(this.actorDecl));
    });
    this.CONSUME(RBrace);
    this.MANY2(() => this.CONSUME2(NewLine));
  });

  actorDecl = this.RULE("actorDecl", () => {
    this.CONSUME(Identifier, { LABEL: "name" });
    this.CONSUME(Colon);
    this.CONSUME2(Identifier, { LABEL: "actorKind" });
  });

  stepsBlock = this.RULE("stepsBlock", () => {
    this.CONSUME(Steps);
    this.CONSUME(LBrace);
    this.MANY(() => {
      this.CONSUME(NewLine);
      this.OPTION(() =>
        this.OR([
          { ALT: () => this.SUBRULE(this.step) },
          { ALT: () => this.SUBRULE(this.parallelBlock) },
        ]),
      );
    });
    this.CONSUME(RBrace);
    this.MANY2(() => this.CONSUME2(NewLine));
  });

  step = this.RULE("step", () => {
    this.CONSUME(Identifier, { LABEL: "subject" });
    this.CONSUME2(Identifier, { LABEL: "verb" });
    this.MANY(() => this.SUBRULE(this.word));
    this.OPTION(() =>
      this.OR([
        { ALT: () => { this.SUBRULE(this.asClause); this.OPTION2(() => this.SUBRULE(this.byClause)); } },
        { ALT: () => { this.SUBRULE2(this.byClause); this.OPTION3(() => this.SUBRULE2(this.asClause)); } },
      ]),
    );
    this.OPTION4(() => this.SUBRULE(this.outcome));
  });

  word = this.RULE("word", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Identifier);
          this.MANY(() => { this.CONSUME(Pipe); this.CONSUME2(Identifier); });
        },
      },
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.CONSUME(StringLiteral) },
    ]);
  });

  asClause = this.RULE("asClause", () => {
    this.CONSUME(As);
    this.CONSUME(Identifier);
  });

  byClause = this.RULE("byClause", () => {
    this.CONSUME(By);
    this.CONSUME(Identifier);
  });

  outcome = this.RULE("outcome", () => {
    this.CONSUME(Arrow);
    this.OR([
      { ALT: () => this.SUBRULE(this.outcomeAtom) },
      {
        ALT: () => {
          this.CONSUME(One);
          this.CONSUME(Of);
          this.CONSUME(LBrace);
          this.SUBRULE2(this.outcomeAtom);
          this.MANY(() => { this.CONSUME(Comma); this.SUBRULE3(this.outcomeAtom); });
          this.CONSUME(RBrace);
        },
      },
    ]);
  });

  outcomeAtom = this.RULE("outcomeAtom", () => {
    this.OR([
      { ALT: () => this.CONSUME(Ok) },
      { ALT: () => this.CONSUME(None) },
      { ALT: () => this.CONSUME(Identifier) },
    ]);
  });

  parallelBlock = this.RULE("parallelBlock", () => {
    this.CONSUME(Parallel);
    this.CONSUME(LBrace);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.threadBlock) },
        { ALT: () => this.CONSUME(NewLine) },
      ]),
    );
    this.CONSUME(RBrace);
  });

  threadBlock = this.RULE("threadBlock", () => {
    this.CONSUME(Thread);
    this.CONSUME(Identifier);
    this.CONSUME(LBrace);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.step) },
        { ALT: () => this.CONSUME(NewLine) },
      ]),
    );
    this.CONSUME(RBrace);
  });

  expectBlock = this.RULE("expectBlock", () => {
    this.CONSUME(Expect);
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.CONSUME(Always) },
        { ALT: () => this.CONSUME(Sometimes) },
        { ALT: () => this.CONSUME(Never) },
      ]),
    );
    this.CONSUME(LBrace);
    this.MANY(() => {
      this.CONSUME(NewLine);
      this.OPTION2(() => this.SUBRULE(this.predicate));
    });
    this.CONSUME(RBrace);
    this.MANY2(() => this.CONSUME2(NewLine));
  });

  predicate = this.RULE("predicate", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.hazardsCount) },
      { ALT: () => this.SUBRULE(this.hazardOn) },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]);
  });

  hazardsCount = this.RULE("hazardsCount", () => {
    this.CONSUME(Hazards);
    this.SUBRULE(this.operator);
    this.OR([
      { ALT: () => this.CONSUME(None) },
      { ALT: () => this.CONSUME(NumberLiteral) },
    ]);
  });

  hazardOn = this.RULE("hazardOn", () => {
    this.CONSUME(Hazard);
    this.CONSUME(Identifier, { LABEL: "hazardKind" });
    this.CONSUME(On);
    this.CONSUME2(Identifier, { LABEL: "object" });
  });

  comparison = this.RULE("comparison", () => {
    this.SUBRULE(this.path);
    this.SUBRULE(this.operator);
    this.SUBRULE(this.value);
  });

  path = this.RULE("path", () => {
    this.CONSUME(Identifier);
    this.MANY(() => { this.CONSUME(Dot); this.CONSUME2(Identifier); });
  });

  operator = this.RULE("operator", () => {
    this.OR([
      { ALT: () => this.CONSUME(EqEq) },
      { ALT: () => this.CONSUME(NotEq) },
      { ALT: () => this.CONSUME(LessEq) },
      { ALT: () => this.CONSUME(Less) },
      { ALT: () => this.CONSUME(GreaterEq) },
      { ALT: () => this.CONSUME(Greater) },
      { ALT: () => this.CONSUME(Has) },
      { ALT: () => this.CONSUME(Lacks) },
    ]);
  });

  value = this.RULE("value", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.path) },
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.CONSUME(StringLiteral) },
      { ALT: () => this.CONSUME(None) },
      { ALT: () => this.CONSUME(Ok) },
    ]);
  });
}

let parser: ScnParser | undefined;

/** The production parser, built on first use with validations off (they cost cold-start time and the tests run them). */
export function scnParser(): ScnParser {
  parser ??= new ScnParser();
  return parser;
}
