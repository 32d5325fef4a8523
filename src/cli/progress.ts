// A one-line progress display on a terminal's standard error for runs that
// take more than a moment: `dmabuf-scn: 120/3400 files, 5310 scenarios`.
// It appears only after DELAY_MS, is redrawn at most every REDRAW_MS, is
// erased before anything else is printed, and is gone when the run ends.
// It never reaches a file or a pipe, so it leaves no trace in any report.

export const DELAY_MS = 700;
export const REDRAW_MS = 100;

const ERASE = "\r\x1b[K";

export class Progress {
  private readonly start: number;
  private lastDraw = -Infinity;
  private shown = false;
  private files = 0;
  private scenarios = 0;

  constructor(
    private readonly total: number,
    private readonly writeErr: (text: string) => void,
    private readonly now: () => number,
  ) {
    this.start = now();
  }

  /** One more input done, with its number of scenarios. */
  tick(scenarios: number): void {
    this.files++;
    this.scenarios += scenarios;
    const t = this.now();
    if (t - this.start < DELAY_MS || t - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = t;
    this.shown = true;
    this.writeErr(`${ERASE}dmabuf-scn: ${this.files}/${this.total} files, ${this.scenarios} scenarios`);
  }

  /** Erase the line (before other output, and at the end). */
  clear(): void {
    if (!this.shown) return;
    this.shown = false;
    this.writeErr(ERASE);
  }

  /** `write`, erasing the progress line first; the next tick draws it again. */
  wrap(write: (text: string) => void): (text: string) => void {
    return (text) => {
      this.clear();
      this.lastDraw = -Infinity;
      write(text);
    };
  }
}
