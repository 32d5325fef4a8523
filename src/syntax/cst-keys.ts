// The child keys a CST node of each rule can have, read from the grammar:
// a terminal's LABEL or token type name, a subrule's LABEL or rule name.
// chevrotain keeps a node's children in a prototype-less object, which V8
// stores as a dictionary; looking a few known keys up in it is much cheaper
// than enumerating it, which is what a span walk does at every node.
import type { IProduction, Rule } from "chevrotain";
import { NonTerminal, Terminal } from "chevrotain";
import { scnParser } from "../../grammar/parser.js";

let table: Map<string, string[]> | undefined;

function collect(defs: IProduction[], out: Set<string>): void {
  for (const d of defs) {
    if (d instanceof Terminal) out.add(d.label ?? d.terminalType.name);
    else if (d instanceof NonTerminal) out.add(d.label ?? d.nonTerminalName);
    else if ("definition" in d) collect((d as { definition: IProduction[] }).definition, out);
  }
}

/** Every key a node of rule `rule` can have children under, or undefined for a rule the grammar does not have. */
export function ruleKeys(rule: string): string[] | undefined {
  if (table === undefined) {
    table = new Map();
    const rules = scnParser().getGAstProductions() as Record<string, Rule>;
    for (const name of Object.keys(rules)) {
      const keys = new Set<string>();
      collect(rules[name]!.definition, keys);
      table.set(name, [...keys]);
    }
  }
  return table.get(rule);
}
