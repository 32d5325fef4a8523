// `npm run bench`: how fast dmabuf-scn starts and runs.
//
// Cold start: `node -e 0` and `node bin/dmabuf-scn.js run first-example.scn`
// (its golden present, CI set: the common case) run alternately, the
// medians compared. Throughput: parse → check → run → golden compare of
// every corpus scenario, in process, for about two seconds, against a
// baseline measured in the same process (parse only).
//
//   node scripts/bench.mjs [--runs 21] [--seconds 2]
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
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
        export { judgeGoldens } from "./src/engine/golden.ts";
        export { collectInputs } from "./src/cli/inputs.ts";`,
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

/** Scenarios per second of `pass` (which handles every corpus file once), over about SECONDS. */
async function rate(files, scenarios, pass) {
  await pass(files); // warm-up
  let done = 0;
  const t = performance.now();
  while (performance.now() - t < SECONDS * 1000) {
    await pass(files);
    done += scenarios;
  }
  return done / ((performance.now() - t) / 1000);
}

async function throughput(work) {
  const stages = await loadStages(work);
  const paths = stages.collectInputs([join(root, "scenarios")]).filter((i) => i.kind === "file").map((i) => i.path);
  const files = paths.map((path) => ({ path, source: readFileSync(path, "utf8") }));
  const scenarios = files.reduce((n, f) => n + stages.runSource(f.source, f.path).scenarios.length, 0);
  if (scenarios === 0) throw new Error("the corpus has no runnable scenario");
  const mode = { update: false, ci: true };
  const full = await rate(files, scenarios, async (fs) => {
    for (const f of fs) await stages.judgeGoldens(stages.runSource(f.source, f.path), mode);
  });
  const parse = await rate(files, scenarios, async (fs) => {
    for (const f of fs) stages.parseScn(f.source);
  });
  console.log(
    `throughput: ${Math.round(full)} scenarios/s parse→check→run→golden, ` +
      `${(full / parse).toFixed(2)}x the parse-only baseline (${Math.round(parse)} scenarios/s; ${scenarios} scenarios in ${files.length} files)`,
  );
}

const work = mkdtempSync(join(tmpdir(), "scn-bench-"));
try {
  coldStart(work);
  await throughput(work);
} catch (e) {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
