#!/usr/bin/env node
// The dmabuf-scn command: runs dist/cli.cjs, the bundle that `npm run build`
// (or `npm ci`, through `prepare`) makes, compiled with the V8 code cache
// dist/cli.cache when it is there and V8 accepts it (a cold start then skips
// compiling the parser). The wrapper must match scripts/code-cache.mjs.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const file = fileURLToPath(new URL("../dist/cli.cjs", import.meta.url));
let source;
try {
  source = readFileSync(file, "utf8");
} catch {
  process.stderr.write("dmabuf-scn: dist/cli.cjs is missing: run `npm run build` first\n");
  process.exit(2);
}
let cachedData;
try {
  cachedData = readFileSync(fileURLToPath(new URL("../dist/cli.cache", import.meta.url)));
} catch {
  cachedData = undefined;
}
const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
const script = new vm.Script(wrapped, { filename: file, cachedData });
const mod = { exports: {} };
script.runInThisContext()(mod.exports, createRequire(file), mod, file, fileURLToPath(new URL("../dist/", import.meta.url)));
mod.exports.start(process.argv.slice(2));
