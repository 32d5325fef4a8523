// The model's indexes, which keep a step's cost to the objects it touches:
// lowest-free id allocation (fds, handles), the per-process VMA tree, the
// page-interval index of reverse maps and notifiers, and the fake-offset
// lookup by containing node.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IdAllocator } from "../../src/model/idalloc.js";
import { VmaTree } from "../../src/model/vma-tree.js";
import { IntervalIndex } from "../../src/model/interval-index.js";
import { OffsetManager } from "../../src/model/offsets.js";

describe("IdAllocator", () => {
  it("always hands out the lowest free number, as a scan of the table would", () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat({ max: 40 })), { maxLength: 200 }), (ops) => {
      const ids = new IdAllocator(3);
      const used = new Set<number>();
      for (const [alloc, n] of ops) {
        if (alloc) {
          let want = 3;
          while (used.has(want)) want++;
          const got = ids.alloc();
          expect(got).toBe(want);
          used.add(got);
        } else if (used.has(n)) {
          used.delete(n);
          ids.release(n);
        }
      }
      const c = ids.clone();
      let want = 3;
      while (used.has(want)) want++;
      expect(c.alloc()).toBe(want);
    }));
  });
});

describe("VmaTree", () => {
  it("finds the VMA containing an address and the VMAs overlapping a range", () => {
    const t = new VmaTree<{ id: number; start: number; end: number }>();
    const vs = [1, 2, 3, 4].map((i) => ({ id: i, start: 0x10000 - i * 0x2000, end: 0x10000 - i * 0x2000 + 0x1000 }));
    for (const v of vs) t.insert(v);
    expect(t.at(vs[1]!.start + 5)).toBe(vs[1]);
    expect(t.at(vs[1]!.end)).toBeUndefined();
    expect(t.overlapping(vs[3]!.start, vs[1]!.end).map((v) => v.id)).toEqual([4, 3, 2]);
    t.remove(vs[2]!);
    expect(t.ascending().map((v) => v.id)).toEqual([4, 2, 1]);
    expect(t.size).toBe(3);
  });
});

describe("IntervalIndex", () => {
  it("returns every interval overlapping a query (and maybe some near it), ascending", () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat({ max: 1000 }), fc.nat({ max: 300 })), { maxLength: 50 }), fc.nat({ max: 1200 }), fc.nat({ max: 200 }), (ivs, q, qn) => {
      const t = new IntervalIndex();
      ivs.forEach(([a, n], i) => t.add(i + 1, a, a + n));
      const got = t.candidates(q, q + qn);
      const want = ivs.map(([a, n], i) => (a <= q + qn && a + n >= q ? i + 1 : 0)).filter((x) => x > 0);
      for (const id of want) expect(got).toContain(id);
      expect([...got].sort((x, y) => x - y)).toEqual(got);
    }));
  });
});

describe("OffsetManager", () => {
  it("finds the node containing a range and forgets removed nodes", () => {
    const m = new OffsetManager();
    const a = m.add(4)!;
    const b = m.add(8)!;
    expect(m.containing(b + 2, 6)).toBe(b);
    expect(m.containing(b + 2, 7)).toBeNull();
    expect(m.containing(a - 1, 1)).toBeNull();
    m.remove(a);
    expect(m.containing(a, 1)).toBeNull();
    expect(m.add(2)).toBe(a);
  });
});
