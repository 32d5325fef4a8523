// The file pool when a worker thread ends: its files must all settle, the
// one it died on reported as a crash and the ones queued behind it run
// elsewhere, not blamed.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FilePool, type FileJob, type FileOutcome } from "../../src/engine/workers.js";

const dir = mkdtempSync(join(tmpdir(), "scn-pool-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in worker: answers each file as unreadable, and ends (without an error) on a path that says so. */
function fakeWorker(how: "exit" | "throw"): string {
  const script = join(dir, `worker-${how}.cjs`);
  const end = how === "exit" ? "process.exit(3);" : 'throw new Error("boom");';
  writeFileSync(
    script,
    `const { parentPort } = require("node:worker_threads");
parentPort.on("message", (req) => {
  if (req.path.includes("DIES")) { ${end} }
  parentPort.postMessage({ id: req.id, outcome: { kind: "unreadable", message: "worker read " + req.path } });
});`,
  );
  return script;
}

const job: FileJob = { sel: { tags: [] }, mode: { update: false, ci: true }, keepSnapshots: false };

async function runAll(how: "exit" | "throw"): Promise<[string, FileOutcome][]> {
  const pool = new FilePool(fakeWorker(how), 2); // this thread and one worker
  // The first file goes to this thread; the next four to the worker, which dies on the first of them.
  const paths = ["a.scn", "b-DIES.scn", "c.scn", "d.scn", "e.scn", "f.scn"].map((p) => join(dir, "none", p));
  const settled = Promise.all(paths.map((p) => pool.run(p, job).then((o): [string, FileOutcome] => [p, o])));
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the pool never settled")), 10_000));
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    await pool.close();
  }
}

describe("a worker thread that ends", () => {
  for (const how of ["exit", "throw"] as const) {
    it(`(${how}) fails only the file it died on; the rest run on the threads left`, async () => {
      const results = await runAll(how);
      const crashed = results.filter(([, o]) => o.kind === "crash").map(([p]) => p.split("/").pop());
      expect(crashed).toEqual(["b-DIES.scn"]);
      for (const [p, o] of results) if (!p.includes("DIES")) expect(o.kind, p).toBe("unreadable");
    });
  }
});
