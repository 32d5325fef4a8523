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

/** Read and run one file; never throws. */
export async function runFileAt(path: string, job: FileJob): Promise<FileOutcome> {
  let source: string;
  try {
    source = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { kind: "unreadable", ...(typeof err?.code === "string" ? { code: err.code } : {}), message: err instanceof Error ? err.message : String(e) };
  }
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

/** Whether this thread was started as a file worker; if so, it starts serving. */
export function serveIfWorker(): boolean {
  if (parentPort === null || (workerData as { role?: string } | null)?.role !== ROLE) return false;
  const port = parentPort;
  port.on("message", (req: Request) => {
    void runFileAt(req.path, req.job).then((outcome) => port.postMessage({ id: req.id, outcome }));
  });
  return true;
}

/** A fixed set of worker threads running files; each asks for the next file as soon as it is done. */
export class FilePool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { req: Request; resolve: (o: FileOutcome) => void }[] = [];
  private readonly pending = new Map<Worker, { id: number; resolve: (o: FileOutcome) => void }>();
  private nextId = 0;

  /** `script`: the file that, started as a worker, calls `serveIfWorker` (the CLI bundle). */
  constructor(script: string, size: number) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(script, { workerData: { role: ROLE } });
      w.on("message", (m: { id: number; outcome: FileOutcome }) => this.done(w, m.outcome));
      w.on("error", (e) => this.lost(w, `worker thread failed: ${e instanceof Error ? e.message : String(e)}`));
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  run(path: string, job: FileJob): Promise<FileOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ req: { id: this.nextId++, path, job }, resolve });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const { req, resolve } = this.queue.shift()!;
      this.pending.set(w, { id: req.id, resolve });
      w.postMessage(req);
    }
  }

  private done(w: Worker, outcome: FileOutcome): void {
    const p = this.pending.get(w);
    if (p === undefined) return;
    this.pending.delete(w);
    p.resolve(outcome);
    this.idle.push(w);
    this.pump();
  }

  /** A worker that died: its file and, when no worker is left, every queued file fail with `message`. */
  private lost(w: Worker, message: string): void {
    this.workers.splice(this.workers.indexOf(w), 1);
    const i = this.idle.indexOf(w);
    if (i >= 0) this.idle.splice(i, 1);
    this.pending.get(w)?.resolve({ kind: "crash", message });
    this.pending.delete(w);
    if (this.workers.length === 0) for (const q of this.queue.splice(0)) q.resolve({ kind: "crash", message });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
