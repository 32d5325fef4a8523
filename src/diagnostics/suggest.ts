// "Did you mean": the closest known word to a misspelt one, for verbs, actors,
// object names and fields. Distance is Damerau–Levenshtein (optimal string
// alignment: insert, delete, substitute, swap two neighbours), ignoring case.

/** Edit distance between `a` and `b` with adjacent transpositions; stops early beyond `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** How far a word of this length may be from a suggestion: a third of it, at least 1, and never the whole word. */
function threshold(length: number): number {
  return Math.min(Math.max(1, Math.floor(length / 3)), length - 1);
}

/**
 * The candidate `word` was most likely meant to be, or undefined if none is
 * close enough (or `word` is a candidate itself). Ties go to the smaller case-sensitive distance, then to the
 * candidate that sorts first, so the answer never depends on iteration order.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const limit = threshold(word.length);
  let best: { name: string; distance: number; exact: number } | undefined;
  for (const name of candidates) {
    if (name === word) return undefined;
    const distance = editDistance(lower, name.toLowerCase(), limit);
    if (distance > limit) continue;
    const exact = editDistance(word, name);
    const better =
      best === undefined ||
      distance < best.distance ||
      (distance === best.distance && (exact < best.exact || (exact === best.exact && name < best.name)));
    if (better) best = { name, distance, exact };
  }
  return best?.name;
}
