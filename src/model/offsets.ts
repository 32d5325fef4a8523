// One drm_vma_offset_manager per DRM device: the fake-offset page space that
// chardev mmaps use. drm_vma_offset_add inserts with DRM_MM_INSERT_BEST, so a
// new node takes the start of the smallest hole that fits; freed nodes leave
// holes that later objects reuse.
import { rule } from "./rules.js";

export const VMA_OFFSET_ADD = rule(
  "drm.vma-offset-add", "drivers/gpu/drm/drm_vma_manager.c: drm_vma_offset_add", "all",
  "fake offsets are allocated best-fit from DRM_FILE_PAGE_OFFSET_START (page 0x100000)",
);
export const DRM_MM_EMPTY = rule(
  "drm.mm-insert-empty", "drivers/gpu/drm/drm_mm.c: drm_mm_insert_node_in_range", "all",
  "inserting a zero-page node fails with ENOSPC",
);

/** DRM_FILE_PAGE_OFFSET_START on 64-bit: byte offset 4 GiB. */
export const FILE_PAGE_OFFSET_START = 0x100000;
/** DRM_FILE_PAGE_OFFSET_SIZE on 64-bit, in pages. */
const FILE_PAGE_OFFSET_SIZE = 0xfffff * 256;

interface Hole {
  start: number;
  size: number;
  seq: number;
}

export class OffsetManager {
  private holes: Hole[] = [{ start: FILE_PAGE_OFFSET_START, size: FILE_PAGE_OFFSET_SIZE, seq: 0 }];
  private seq = 1;
  private readonly nodes = new Map<number, number>();
  /** node starts, ascending (the drm_mm's address order) */
  private readonly starts: number[] = [];

  /** Index of the last start <= page, or -1. */
  private floor(page: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= page) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** Allocates `pages` pages; null when pages is 0 (drm_mm refuses it). */
  add(pages: number): number | null {
    if (pages <= 0) return null;
    let best: Hole | undefined;
    for (const h of this.holes) {
      if (h.size < pages) continue;
      if (!best || h.size < best.size || (h.size === best.size && h.seq > best.seq)) best = h;
    }
    if (!best) return null;
    const start = best.start;
    best.start += pages;
    best.size -= pages;
    best.seq = this.seq++;
    if (best.size === 0) this.holes = this.holes.filter((h) => h.size > 0);
    this.nodes.set(start, pages);
    this.starts.splice(this.floor(start) + 1, 0, start);
    return start;
  }

  /** drm_vma_offset_remove: the node's range becomes a hole again (merged with neighbours). */
  remove(start: number): void {
    const pages = this.nodes.get(start);
    if (pages === undefined) return;
    this.nodes.delete(start);
    this.starts.splice(this.floor(start), 1);
    let hole: Hole = { start, size: pages, seq: this.seq++ };
    const before = this.holes.find((h) => h.start + h.size === hole.start);
    const after = this.holes.find((h) => h.start === hole.start + hole.size);
    this.holes = this.holes.filter((h) => h !== before && h !== after);
    if (before) hole = { start: before.start, size: before.size + hole.size, seq: hole.seq };
    if (after) hole = { ...hole, size: hole.size + after.size };
    this.holes.push(hole);
    this.holes.sort((a, b) => a.start - b.start);
  }

  /** The node containing [page, page+pages) when it starts exactly at page (exact lookup). */
  exact(page: number, pages: number): number | null {
    const size = this.nodes.get(page);
    return size !== undefined && pages <= size ? page : null;
  }

  /** The node that contains [page, page+pages) (drm_vma_offset_lookup_locked). */
  containing(page: number, pages: number): number | null {
    const i = this.floor(page);
    if (i < 0) return null;
    const start = this.starts[i]!;
    return page + pages <= start + this.nodes.get(start)! ? start : null;
  }

  sizeOf(start: number): number {
    return this.nodes.get(start) ?? 0;
  }
}
