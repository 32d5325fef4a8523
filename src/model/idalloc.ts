// Lowest-free id allocation, as the kernel's fd table (find_next_zero_bit in
// alloc_fd) and GEM handle idr (idr_alloc from 1) hand out numbers: the
// smallest number not in use. A min-heap of freed numbers plus a high-water
// mark keeps each allocation O(log n) instead of a scan of the table.

export class IdAllocator {
  private readonly freed: number[] = [];
  private readonly inHeap = new Set<number>();

  constructor(private next: number) {}

  /** The lowest number not in use; marks it used. */
  alloc(): number {
    if (this.freed.length === 0) return this.next++;
    const n = this.pop();
    this.inHeap.delete(n);
    return n;
  }

  /** Marks `n` free again (no-op if it is already free or was never handed out). */
  release(n: number): void {
    if (n >= this.next || this.inHeap.has(n)) return;
    this.inHeap.add(n);
    this.freed.push(n);
    this.siftUp(this.freed.length - 1);
  }

  /** A copy with the same numbers in use (fork's dup of the fd table). */
  clone(): IdAllocator {
    const c = new IdAllocator(this.next);
    for (const n of this.freed) c.release(n);
    return c;
  }

  private pop(): number {
    const h = this.freed;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private siftUp(i: number): void {
    const h = this.freed;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]! <= h[i]!) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }

  private siftDown(i: number): void {
    const h = this.freed;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l]! < h[m]!) m = l;
      if (r < h.length && h[r]! < h[m]!) m = r;
      if (m === i) return;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }
}
