// nodeSpan reads each node's children under the keys its rule can have
// (src/syntax/cst-keys.ts) instead of enumerating them: on every node of
// clean, broken and random texts it gives what enumerating gives.
import type { CstNode, IToken } from "chevrotain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scnParser } from "../../grammar/parser.js";
import { tokenize } from "../../grammar/scanner.js";
import { NewLine } from "../../grammar/tokens.js";
import { ruleKeys } from "../../src/syntax/cst-keys.js";
import { isReal, nodeSpan, tokenSpan } from "../../src/syntax/span.js";
import { firstExample } from "./helpers.js";

/** The first or last counted token, every key enumerated. */
function enumerated(node: CstNode, dir: 1 | -1): IToken | undefined {
  let best: IToken | undefined;
  for (const key of Object.keys(node.children)) {
    const list = node.children[key]!;
    for (let i = dir === 1 ? 0 : list.length - 1; i >= 0 && i < list.length; i += dir) {
      const child = list[i]!;
      const t = "children" in child ? enumerated(child, dir) : isReal(child) && child.tokenType !== NewLine ? child : undefined;
      if (t === undefined) continue;
      if (best === undefined || (dir === 1 ? t.startOffset < best.startOffset : t.startOffset > best.startOffset)) best = t;
      break;
    }
  }
  return best;
}

function sameSpans(text: string): void {
  const parser = scnParser();
  parser.input = tokenize(text).tokens;
  const nodes: CstNode[] = [];
  const walk = (n: CstNode): void => {
    nodes.push(n);
    for (const key of Object.keys(n.children)) {
      expect(ruleKeys(n.name)).toContain(key);
      for (const c of n.children[key]!) if ("children" in c) walk(c);
    }
  };
  walk(parser.file());
  for (const n of nodes) {
    const [a, b] = [enumerated(n, 1), enumerated(n, -1)];
    const want = a && b ? { ...tokenSpan(a), endOffset: tokenSpan(b).endOffset, endLine: tokenSpan(b).endLine, endColumn: tokenSpan(b).endColumn } : undefined;
    expect(nodeSpan(n)).toEqual(want);
  }
}

const pieces = [
  'scenario "t"\n', "kernel linux-6.12 with a=1\n", "tags x y\n", "actors {\n", "}\n", "steps {\n", "expect always {\n",
  "P: open card0 as F\n", "P: close F => EBADF\n", "F.refs == 1\n", "hazards == 0\n", "hazard uaf on F\n", "=>", "|", "{", "}",
  "\n", " ", "ok", "none", "one of", "#c\n", "\"s", "12abc", "parallel {\n", "thread T {\n",
];

describe("nodeSpan", () => {
  it("reads the children the grammar can give a node", () => {
    sameSpans(firstExample);
    sameSpans(firstExample.slice(0, firstExample.length >> 1));
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 50 }).map((p) => `scenario "a"\n${p.join("")}`), (t) => sameSpans(t)), { numRuns: 400, seed: 11 });
  });
});
