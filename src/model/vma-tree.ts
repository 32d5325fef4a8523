// A process's VMAs ordered by address (the role of the kernel's maple tree):
// find_vma by binary search, range walks over the VMAs that overlap a range.
// Mappings are placed top-down, so the array is kept in descending start
// order and a new mapping is appended at the end.

export interface Ranged {
  id: number;
  start: number;
  end: number;
}

export class VmaTree<T extends Ranged> {
  private readonly byDesc: T[] = [];

  get size(): number {
    return this.byDesc.length;
  }

  /** Index of the first VMA whose start is <= addr (descending order). */
  private firstAtOrBelow(addr: number): number {
    let lo = 0;
    let hi = this.byDesc.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.byDesc[mid]!.start > addr) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The VMA containing addr (vma_lookup). */
  at(addr: number): T | undefined {
    const v = this.byDesc[this.firstAtOrBelow(addr)];
    return v && addr < v.end ? v : undefined;
  }

  insert(v: T): void {
    const i = this.firstAtOrBelow(v.start);
    if (i === this.byDesc.length) this.byDesc.push(v);
    else this.byDesc.splice(i, 0, v);
  }

  remove(v: T): void {
    const i = this.firstAtOrBelow(v.start);
    if (this.byDesc[i] === v) this.byDesc.splice(i, 1);
  }

  /** VMAs overlapping [start, end), in ascending address order. */
  overlapping(start: number, end: number): T[] {
    const out: T[] = [];
    for (let i = this.firstAtOrBelow(end - 1); i < this.byDesc.length; i++) {
      const v = this.byDesc[i]!;
      if (v.end <= start) break;
      out.push(v);
    }
    return out.reverse();
  }

  /** All VMAs in ascending address order. */
  ascending(): T[] {
    return [...this.byDesc].reverse();
  }
}
