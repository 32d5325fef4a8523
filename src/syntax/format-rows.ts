// The formatter's first half: a parsed text cut into rows, one per thing the
// canonical layout puts on a line of its own (a header line, a block's
// opening or closing brace, an actor, a step, an expectation, a comment),
// each with its block depth and the comment that trailed it in the source.
import type { IToken } from "chevrotain";
import { tokenize } from "../../grammar/scanner.js";
import * as T from "../../grammar/tokens.js";

export type RowKind = "comment" | "header" | "open" | "close" | "actor" | "step" | "predicate";

export interface Row {
  kind: RowKind;
  /** Block nesting: 0 at the top level, 1 inside `steps { … }`. */
  depth: number;
  tokens: IToken[];
  /** The comment on this row's line (for a comment row, the comment itself). */
  comment?: string;
  /** The source had a blank line before this row. */
  blankBefore: boolean;
  /** Rows of one block share it: the unit of alignment. */
  block: number;
  /** Rows of one scenario share it. */
  scenario: number;
}

const OPENERS = new Set([T.Actors, T.Steps, T.Expect, T.Parallel, T.Thread]);
const ITEM_OF: Record<string, RowKind> = { Actors: "actor", Steps: "step", Thread: "step", Expect: "predicate" };

/** A comment as the canonical text writes it: no trailing blanks, tabs as spaces (8-column stops). */
export function cleanComment(text: string): string {
  let out = "";
  for (const c of text.trimEnd()) out += c === "\t" ? " ".repeat(8 - (out.length % 8)) : c;
  return out;
}

interface Block {
  id: number;
  item: RowKind;
}

/** Cuts the token stream of a text that parsed without error into rows. */
class RowBuilder {
  readonly rows: Row[] = [];
  private cur: Row | undefined;
  private depth = 0;
  private inline = 0;
  private blocks: Block[] = [];
  private blockCount = 0;
  private scenario = 0;
  /** Rows started on the current source line. */
  private lineRows: Row[] = [];
  private lastLine = 0;
  private line = 1;

  token(t: IToken): void {
    if (t.tokenType === T.NewLine) return this.newline();
    if (t.tokenType === T.Comment) return this.comment(t);
    if (t.tokenType === T.RBrace && this.inline === 0) return this.close(t);
    this.start(t).tokens.push(t);
    if (t.tokenType === T.LBrace) {
      if (OPENERS.has(this.cur!.tokens[0]!.tokenType)) return this.open();
      this.inline++;
    } else if (t.tokenType === T.RBrace) this.inline--;
  }

  finish(): Row[] {
    this.end();
    return this.rows;
  }

  private start(t: IToken): Row {
    if (this.cur) return this.cur;
    if (t.tokenType === T.Scenario) this.scenario++;
    const top = this.blocks[this.blocks.length - 1];
    const kind: RowKind = top === undefined ? "header" : top.item;
    this.cur = { kind, depth: this.depth, tokens: [], blankBefore: this.blankBefore(), block: top?.id ?? 0, scenario: this.scenario };
    return this.cur;
  }

  private blankBefore(): boolean {
    const blank = this.rows.length > 0 && this.line - this.lastLine > 1;
    this.lastLine = this.line;
    return blank;
  }

  private end(): void {
    if (!this.cur) return;
    this.rows.push(this.cur);
    this.lineRows.push(this.cur);
    this.cur = undefined;
  }

  private open(): void {
    const first = this.cur!.tokens[0]!.tokenType;
    this.cur!.kind = "open";
    this.end();
    this.blocks.push({ id: ++this.blockCount, item: ITEM_OF[first.name] ?? "step" });
    this.depth++;
  }

  private close(t: IToken): void {
    this.end();
    this.blocks.pop();
    this.depth = Math.max(0, this.depth - 1);
    this.cur = { kind: "close", depth: this.depth, tokens: [t], blankBefore: this.blankBefore(), block: 0, scenario: this.scenario };
    this.end();
  }

  private newline(): void {
    this.end();
    this.lineRows = [];
    this.line++;
  }

  private comment(t: IToken): void {
    const text = cleanComment(t.image);
    const owner = this.cur ?? [...this.lineRows].reverse().find((r) => r.kind !== "close") ?? this.lineRows[this.lineRows.length - 1];
    if (owner) {
      owner.comment = text;
      return;
    }
    this.rows.push({ kind: "comment", depth: this.depth, tokens: [], comment: text, blankBefore: this.blankBefore(), block: 0, scenario: this.scenario });
  }
}

/** The rows of `text`, which must parse without error. */
export function rowsOf(text: string): Row[] {
  const lexed = tokenize(text);
  const all = [...lexed.tokens, ...(lexed.groups.comments ?? [])].sort((a, b) => a.startOffset - b.startOffset);
  const builder = new RowBuilder();
  for (const t of all) builder.token(t);
  return builder.finish();
}

const NO_SPACE_BEFORE = new Set([T.Colon, T.Comma, T.Dot, T.Pipe, T.Equals]);
const NO_SPACE_AFTER = new Set([T.Dot, T.Pipe, T.Equals]);

/** Tokens as one line: single spaces, none around `.` `|` `=` and before `:` `,`. */
export function joinTokens(tokens: readonly IToken[]): string {
  let out = "";
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const glued = prev === undefined || NO_SPACE_BEFORE.has(t.tokenType) || NO_SPACE_AFTER.has(prev.tokenType);
    out += (glued ? "" : " ") + t.image;
  });
  return out;
}
