// `npm run bench`: how fast dmabuf-scn starts and runs.
//
// Cold start: `node -e 0` and `node bin/dmabuf-scn.js run first-example.scn`
// (its golden present, CI set: the common case) run alternately, the
// medians compared. Throughput: parse → check → run → golden compare of
// every corpus scenario, in process, in the steady state (quarter-second
// slices over about two seconds after a second of warm-up: the fastest, and
// the median), against a baseline measured the same way in the same process
// (parse only). Cores: the executable
// on a corpus of COPIES copies of scenarios/ (goldens written first; at least
// enough copies for MIN_CORE_SCENARIOS scenarios, so that starting the worker
// threads is a small part of the run), with one thread (the baseline) and
// with every core, alternately, the medians compared; the two outputs must be
// the same bytes. Model steps: the per-step time of a
// 100,000-step generated scenario against a 10,000-step one.
//
//   node scripts/bench.mjs [--runs 21] [--seconds 2] [--copies 30] [--core-runs 3]
import { build } from "esbuild";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg("--runs", 21);
const SECONDS = arg("--seconds", 2);
const COPIES = arg("--copies", 30);
const CORE_RUNS = arg("--core-runs", 3);
/** The cores comparison runs at least this many scenarios (a second or more on one thread). */
const MIN_CORE_SCENARIOS = 3000;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timed(args, cwd, env) {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, env, encoding: "utf8" });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return ms;
}

function coldStart(work) {
  copyFileSync(join(root, "test/cli/fixtures/first-example.txt"), join(work, "first-example.scn"));
  const bin = join(root, "bin/dmabuf-scn.js");
  const env = { ...process.env, NO_COLOR: "1", CI: undefined };
  timed([bin, "run", "first-example.scn"], work, env); // writes the golden
  const ci = { ...env, CI: "true" };
  const node = [];
  const scn = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const a = timed(["-e", "0"], work, ci);
    const b = timed([bin, "run", "first-example.scn"], work, ci);
    if (i >= 2) node.push(a), scn.push(b);
  }
  const [n, s] = [median(node), median(scn)];
  console.log(`cold start: ${(s / n).toFixed(2)}x node -e 0 (median ${Math.round(s)} ms vs ${Math.round(n)} ms, ${RUNS} runs)`);
}

/** Bundle the stages the throughput needs from the sources. */
async function loadStages(work) {
  const outfile = join(work, "stages.mjs");
  await build({
    stdin: {
      contents: `export { parseScn } from "./src/syntax/parse.ts";
        export { runSource } from "./src/engine/run.ts";
        export { runFile } from "./src/engine/run-file.ts";
        export { collectInputs } from "./src/cli/inputs.ts";
        export { measureModelSteps } from "./src/engine/bench-steps.ts";`,
      resolveDir: root,
      loader: "ts",
    },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outfile,
    banner: { js: 'import{createRequire as __r}from"node:module";const require=__r(import.meta.url);' },
    logLevel: "error",
  });
  return import(pathToFileURL(outfile).href);
}

/**
 * Scenarios per second of `pass` (which handles every corpus file once) in
 * the steady state: after a warm-up of a second (the JIT's tiers, not the
 * runner, decide the first passes; a cold run is what the cold-start figure
 * measures), slices of about a quarter second over SECONDS. `best` is the
 * fastest slice, what the runner does when nothing else takes the core
 * (other work only ever slows a slice down, and on a shared machine it
 * often does); `median` is the typical slice.
 */
async function rate(files, scenarios, pass) {
  const slice = async (ms) => {
    let done = 0;
    const t = performance.now();
    while (performance.now() - t < ms) {
      await pass(files);
      done += scenarios;
    }
    return done / ((performance.now() - t) / 1000);
  };
  await slice(1000);
  const rates = [];
  for (let i = 0; i < Math.max(3, Math.round(SECONDS * 4)); i++) rates.push(await slice(250));
  return { best: Math.max(...rates), median: median(rates) };
}

/** Scenarios in one copy of the corpus (counted by the throughput stage). */
let perCopy = 0;

async function throughput(work) {
  const stages = await loadStages(work);
  const paths = stages.collectInputs([join(root, "scenarios")]).filter((i) => i.kind === "file").map((i) => i.path);
  const files = paths.map((path) => ({ path, source: readFileSync(path, "utf8") }));
  const scenarios = files.reduce((n, f) => n + stages.runSource(f.source, f.path).scenarios.length, 0);
  if (scenarios === 0) throw new Error("the corpus has no runnable scenario");
  const mode = { update: false, ci: true };
  const full = await rate(files, scenarios, async (fs) => {
    for (const f of fs) await stages.runFile(f.source, f.path, { tags: [] }, mode);
  });
  const parse = await rate(files, scenarios, async (fs) => {
    for (const f of fs) stages.parseScn(f.source);
  });
  perCopy = scenarios;
  console.log(
    `throughput: ${Math.round(full.best)} scenarios/s parse→check→run→golden on one core (fastest slice; median ${Math.round(full.median)}), ` +
      `${(full.best / parse.best).toFixed(2)}x the parse-only baseline (${Math.round(parse.best)} scenarios/s; ${scenarios} scenarios in ${files.length} files)`,
  );
}

/**
 * A model step must cost what the objects it touches cost, not the size of
 * the state: the per-step time of a 100,000-step generated scenario against
 * a 10,000-step one (the baseline; ten times the state), measured in the
 * same run after a warm-up (medians of 7 and 3 runs). A step that walked the
 * state would show as about 10x. The 1,000-step figure is printed beside
 * them: a state that small never leaves V8's young generation, so its steps
 * skip the promotion and old-space collection every longer run pays, which
 * says nothing of the model.
 */
async function scaling(work) {
  const stages = await loadStages(work);
  const per = (n, runs) => median(Array.from({ length: runs }, () => stages.measureModelSteps(n).usPerStep));
  per(1000, 10); // warm-up: the JIT, not the model, decides the first runs
  const tiny = per(1000, 15);
  const small = per(10000, 7);
  const big = per(100000, 3);
  console.log(
    `model steps: ${big.toFixed(1)} µs/step at 100,000 steps vs ${small.toFixed(1)} at 10,000 (baseline, same run): ${(big / small).toFixed(2)}x; ` +
      `${tiny.toFixed(1)} at 1,000, a state that stays in the young generation`,
  );
}

/**
 * The executable on a big corpus, one thread against every core; outputs
 * compared byte for byte. Beside it, what the machine allows: as many
 * separate one-thread runs at once as there are cores, against one alone
 * (on virtual CPUs that share a physical core, or a cache, that is well
 * under the core count, and no thread pool can do better).
 */
async function cores(work) {
  const corpus = join(work, "corpus");
  const copies = Math.max(COPIES, perCopy > 0 ? Math.ceil(MIN_CORE_SCENARIOS / perCopy) : 0);
  for (let i = 0; i < copies; i++) cpSync(join(root, "scenarios"), join(corpus, `copy${i}`), { recursive: true });
  const bin = join(root, "bin/dmabuf-scn.js");
  const env = { ...process.env, NO_COLOR: "1", CI: undefined };
  spawnSync(process.execPath, [bin, "run", "-u", corpus], { cwd: work, env, encoding: "utf8" });
  const ci = { ...env, CI: "true" };
  const all = availableParallelism();
  const once = (jobs) => {
    const t = performance.now();
    const r = spawnSync(process.execPath, [bin, "run", "-j", String(jobs), corpus], { cwd: work, env: ci, encoding: "utf8", maxBuffer: 1 << 28 });
    return { ms: performance.now() - t, out: r.stdout, code: r.status };
  };
  const one = [];
  const many = [];
  let outputs;
  for (let i = 0; i < CORE_RUNS; i++) {
    const a = once(1);
    const b = once(all);
    if (a.out !== b.out) {
      const [x, y] = [a.out.split("\n"), b.out.split("\n")];
      const i = x.findIndex((l, k) => l !== y[k]);
      throw new Error(`-j 1 and -j ${all} printed different output (exit ${a.code} and ${b.code}), from line ${i + 1}:\n  ${x[i]}\n  ${y[i]}`);
    }
    outputs = a;
    one.push(a.ms), many.push(b.ms);
  }
  const m = /(\d+) passed, (\d+) failed\n$/.exec(outputs.out);
  const n = m ? Number(m[1]) + Number(m[2]) : 0;
  const [t1, tn] = [median(one), median(many)];
  const apart = [];
  for (let i = 0; i < CORE_RUNS; i++) apart.push(await concurrently(all, [bin, "run", "-j", "1", corpus], work, ci));
  const ta = median(apart);
  console.log(
    `cores: ${Math.round(n / (tn / 1000))} scenarios/s on ${all} cores vs ${Math.round(n / (t1 / 1000))} on 1 (baseline, same run): ` +
      `${(t1 / tn).toFixed(2)}x (${n} scenarios in ${copies} copies of the corpus; output identical); ` +
      `the machine: ${all} separate one-thread runs at once do ${((all * t1) / ta).toFixed(2)}x the work of one`,
  );
}

/** Milliseconds until `k` processes of `args`, started together, have all exited. */
function concurrently(k, args, cwd, env) {
  const t = performance.now();
  return Promise.all(
    Array.from({ length: k }, () => new Promise((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd, env, stdio: "ignore" });
      child.on("error", reject);
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(" ")} exited ${code}`))));
    })),
  ).then(() => performance.now() - t);
}

const work = mkdtempSync(join(tmpdir(), "scn-bench-"));
try {
  coldStart(work);
  await throughput(work);
  await scaling(work);
  await cores(work);
} catch (e) {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
