// Running many files on every core: a pool of worker threads, each running
// whole files (read, parse, check, run, goldens) with `runFile`. Results
// come back by file, and the caller reports them in input order, so a run
// on N threads prints the same bytes as a run on one. A file's golden is
// only ever written by the one thread that runs that file.
import { readFileSync } from "node:fs";
import { Worker, parentPort, workerData } from "node:worker_threads";
import type { GoldenMode } from "./golden.js";
import { runFile, type FileRun } from "./run-file.js";
import type { Selection } from "./select.js";

/** What every file of a run shares. */
export interface FileJob {
  sel: Selection;
  mode: GoldenMode;
  /** Keep each scenario's snapshot in the result (the json reporter prints it); otherwise it is dropped before the copy back. */
  keepSnapshots: boolean;
  /** `--kernel`: profiles to run each scenario under beside its own. */
  kernels?: string[];
}

export type FileOutcome =
  | { kind: "ran"; run: FileRun }
  /** The file could not be read: the error's code and message. */
  | { kind: "unreadable"; code?: string; message: string }
  /** Running it threw: a bug in dmabuf-scn. */
  | { kind: "crash"; message: string };

/** The marker a worker thread of this pool is started with. */
const ROLE = "dmabuf-scn-file-worker";

/** A file's text without a byte-order mark, or why it could not be read. */
export function readSource(path: string): { source: string } | Extract<FileOutcome, { kind: "unreadable" }> {
  try {
    return { source: readFileSync(path, "utf8").replace(/^\uFEFF/, "") };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { kind: "unreadable", ...(typeof err?.code === "string" ? { code: err.code } : {}), message: err instanceof Error ? err.message : String(e) };
  }
}

/** Read and run one file; never throws. */
export async function runFileAt(path: string, job: FileJob): Promise<FileOutcome> {
  const read = readSource(path);
  if (!("source" in read)) return read;
  const { source } = read;
  try {
    const run = await runFile(source, path, job.sel, job.mode, job.kernels ?? []);
    if (!job.keepSnapshots) for (const s of run.result.scenarios) s.snapshot = {};
    return { kind: "ran", run };
  } catch (e) {
    return { kind: "crash", message: e instanceof Error ? e.message : String(e) };
  }
}

interface Request {
  id: number;
  path: string;
  job: FileJob;
}

/** A file waiting for a thread, or handed to one. */
interface Queued {
  req: Request;
  resolve: (o: FileOutcome) => void;
}

/** Whether this thread was started as a file worker; if so, it starts serving. */
export function serveIfWorker(): boolean {
  if (parentPort === null || (workerData as { role?: string } | null)?.role !== ROLE) return false;
  const port = parentPort;
  port.on("message", (req: Request) => {
    void runFileAt(req.path, req.job).then((outcome) => port.postMessage({ id: req.id, outcome }));
  });
  return true;
}

/** Files handed to one worker at a time: it starts the next as soon as it sends a result back, without waiting for the reply. */
const DEPTH = 4;

/**
 * How a worker starts: the bundle compiled with its V8 code cache when one
 * lies beside it (`cli.cjs` → `cli.cache`), as bin/dmabuf-scn.js does, so
 * that each thread does not compile the whole bundle again.
 */
function startWorker(script: string): Worker {
  const workerData = { role: ROLE };
  if (!script.endsWith(".cjs")) return new Worker(script, { workerData });
  const boot = `const fs = require("node:fs"), vm = require("node:vm"), path = require("node:path");
const file = ${JSON.stringify(script)};
let cachedData;
try { cachedData = fs.readFileSync(file.slice(0, -4) + ".cache"); } catch {}
const wrapped = "(function (exports, require, module, __filename, __dirname) {" + fs.readFileSync(file, "utf8") + "\\n})";
const m = { exports: {} };
new vm.Script(wrapped, { filename: file, cachedData }).runInThisContext()(m.exports, require("node:module").createRequire(file), m, file, path.dirname(file));`;
  return new Worker(boot, { eval: true, workerData });
}

/**
 * Files run on `size` threads: this one, which also reports, and `size - 1`
 * worker threads, each kept DEPTH files ahead. This thread takes a file
 * whenever it has none, so no core is left to a thread that mostly waits,
 * and a run on two cores starts one worker, not two.
 */
export class FilePool {
  private readonly workers: Worker[] = [];
  private readonly queue: Queued[] = [];
  /** Per worker, the files handed to it, in the order it runs them. */
  private readonly pending = new Map<Worker, Map<number, Queued>>();
  private nextId = 0;
  /** This thread is running a file. */
  private localBusy = false;
  /** close() was called: workers ending now are not lost. */
  private closing = false;

  /** `script`: the file that, started as a worker, calls `serveIfWorker` (the CLI bundle). */
  constructor(script: string, size: number) {
    for (let i = 0; i < size - 1; i++) {
      const w = startWorker(script);
      w.on("message", (m: { id: number; outcome: FileOutcome }) => this.done(w, m.id, m.outcome));
      w.on("error", (e) => this.lost(w, `worker thread failed: ${e instanceof Error ? e.message : String(e)}`));
      // A worker that ends without an error (process.exit in it, say) must not leave its files waiting forever.
      w.on("exit", (code) => this.lost(w, `worker thread exited (code ${code}) while running this file`));
      this.workers.push(w);
      this.pending.set(w, new Map());
    }
  }

  run(path: string, job: FileJob): Promise<FileOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ req: { id: this.nextId++, path, job }, resolve });
      this.pump();
    });
  }

  /** Queued files go to this thread when it is free, else to the least busy worker, up to DEPTH each. */
  private pump(): void {
    while (this.queue.length > 0) {
      if (!this.localBusy) {
        this.localBusy = true;
        const { req, resolve } = this.queue.shift()!;
        // On the next turn, so that results the workers sent are taken first and they are given more.
        setImmediate(() => {
          void runFileAt(req.path, req.job)
            .catch((e: unknown): FileOutcome => ({ kind: "crash", message: e instanceof Error ? e.message : String(e) }))
            .then((outcome) => {
              this.localBusy = false;
              resolve(outcome);
              this.pump();
            });
        });
        continue;
      }
      let best: Worker | undefined;
      let load = DEPTH;
      for (const w of this.workers) {
        const n = this.pending.get(w)!.size;
        if (n < load) [best, load] = [w, n];
      }
      if (best === undefined) return;
      const next = this.queue.shift()!;
      this.pending.get(best)!.set(next.req.id, next);
      best.postMessage(next.req);
    }
  }

  private done(w: Worker, id: number, outcome: FileOutcome): void {
    const q = this.pending.get(w)?.get(id);
    if (q === undefined) return;
    this.pending.get(w)!.delete(id);
    q.resolve(outcome);
    this.pump();
  }

  /**
   * A worker that died. It runs its files in the order it got them, so the
   * first one it has not answered is the one it died on: that file fails
   * with `message`; the others go back to the front of the queue for the
   * threads left (this one at least).
   */
  private lost(w: Worker, message: string): void {
    const i = this.workers.indexOf(w);
    if (i >= 0) this.workers.splice(i, 1);
    const mine = [...(this.pending.get(w)?.values() ?? [])];
    this.pending.delete(w);
    if (this.closing || mine.length === 0) return;
    mine[0]!.resolve({ kind: "crash", message });
    this.queue.unshift(...mine.slice(1));
    this.pump();
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
