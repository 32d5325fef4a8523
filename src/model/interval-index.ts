// An index of page intervals by fixed-size buckets, standing in for the
// kernel's interval trees (a mapping's i_mmap, the mmu-notifier ranges): a
// query walks only the buckets the range covers, so its cost follows the
// objects near the range, not every object indexed.

const BUCKET = 64;

export class IntervalIndex {
  private readonly buckets = new Map<number, Set<number>>();

  add(id: number, first: number, last: number): void {
    for (let b = Math.floor(first / BUCKET); b <= Math.floor(last / BUCKET); b++) {
      let set = this.buckets.get(b);
      if (!set) this.buckets.set(b, (set = new Set()));
      set.add(id);
    }
  }

  remove(id: number, first: number, last: number): void {
    for (let b = Math.floor(first / BUCKET); b <= Math.floor(last / BUCKET); b++) {
      const set = this.buckets.get(b);
      if (!set) continue;
      set.delete(id);
      if (set.size === 0) this.buckets.delete(b);
    }
  }

  /** Ids whose interval may overlap [first, last], ascending (the caller checks the exact overlap). */
  candidates(first: number, last: number): number[] {
    const out = new Set<number>();
    const lastBucket = Math.floor(last / BUCKET);
    const firstBucket = Math.floor(first / BUCKET);
    if (lastBucket - firstBucket > this.buckets.size) {
      for (const set of this.buckets.values()) for (const id of set) out.add(id);
    } else {
      for (let b = firstBucket; b <= lastBucket; b++) for (const id of this.buckets.get(b) ?? []) out.add(id);
    }
    return [...out].sort((a, b) => a - b);
  }
}
