// The characters a token pattern can start with, worked out from its source,
// so that the scanner only tries the patterns that can match at a given
// character. Only the regex syntax the vocabulary uses is understood
// (literals, escapes, classes, groups, alternation); for anything else the
// answer is "any character", which is always safe.

/** Character codes below this are looked up in tables; others try every pattern. */
export const TABLE_SIZE = 128;

/** The codes (< TABLE_SIZE) a match of `source` can start with, or undefined for "any". */
export function firstChars(source: string): Set<number> | undefined {
  try {
    const set = new Set<number>();
    return alternatives(source, set) ? set : undefined;
  } catch {
    return undefined;
  }
}

/** Each top-level branch of `source` adds its first characters; false when one is not understood. */
function alternatives(source: string, out: Set<number>): boolean {
  return splitTop(source).every((branch) => branchFirst(branch, out));
}

/** `a|b|c` split at the `|` outside groups and classes. */
function splitTop(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

/** The first atom of a branch: it must not be optional. */
function branchFirst(branch: string, out: Set<number>): boolean {
  const end = atomEnd(branch);
  const next = branch[end];
  if (end <= 0 || (next !== undefined && "*?{".includes(next))) return false;
  const atom = branch.slice(0, end);
  if (atom.startsWith("(?:")) return alternatives(atom.slice(3, -1), out);
  if (atom.startsWith("(")) return false;
  if (atom.startsWith("[")) return classChars(atom, out);
  const code = atom.startsWith("\\") ? escaped(atom[1]!) : atom.length === 1 && !".^$".includes(atom) ? atom.charCodeAt(0) : undefined;
  if (code === undefined) return false;
  out.add(code);
  return true;
}

/** Where the first atom of `s` ends (exclusive), or -1. */
function atomEnd(s: string): number {
  if (s.length === 0) return -1;
  if (s[0] === "\\") return 2;
  if (s[0] === "[") {
    for (let i = 1; i < s.length; i++) {
      if (s[i] === "\\") i++;
      else if (s[i] === "]") return i + 1;
    }
    return -1;
  }
  if (s[0] === "(") {
    let depth = 0;
    for (let i = 0; i < s.length; i++) {
      if (s[i] === "\\") i++;
      else if (s[i] === "[") i = i + atomEnd(s.slice(i)) - 1;
      else if (s[i] === "(") depth++;
      else if (s[i] === ")" && --depth === 0) return i + 1;
    }
    return -1;
  }
  return 1;
}

/** A one-character escape's code; undefined for classes like `\d` or anything unknown. */
function escaped(c: string): number | undefined {
  const named: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11 };
  if (c in named) return named[c];
  return /[^A-Za-z0-9]/.test(c) ? c.charCodeAt(0) : undefined;
}

/** `[...]` or `[^...]`: its members below TABLE_SIZE. */
function classChars(atom: string, out: Set<number>): boolean {
  const negated = atom[1] === "^";
  const body = atom.slice(negated ? 2 : 1, -1);
  const members = new Set<number>();
  for (let i = 0; i < body.length; i++) {
    const lo = body[i] === "\\" ? escaped(body[++i]!) : body.charCodeAt(i);
    if (lo === undefined) return false;
    if (body[i + 1] === "-" && i + 2 < body.length) {
      const hi = body[i + 2] === "\\" ? escaped(body[i + 3]!) : body.charCodeAt(i + 2);
      if (hi === undefined) return false;
      for (let c = lo; c <= hi; c++) members.add(c);
      i += body[i + 2] === "\\" ? 3 : 2;
    } else members.add(lo);
  }
  for (let c = 0; c < TABLE_SIZE; c++) if (members.has(c) !== negated) out.add(c);
  return true;
}
