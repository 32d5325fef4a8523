// Makes dist/cli.cache: V8's code cache for dist/cli.cjs, taken after one
// run of a scenario so that it holds the functions a run compiles (the
// parser's construction above all). bin/dmabuf-scn.js hands it to V8; a
// cache V8 rejects (another Node version or other flags) costs nothing but
// the time it would have saved.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import vm from "node:vm";

/** The wrapper bin/dmabuf-scn.js compiles: both sides must produce the same source. */
export const wrap = (src) => `(function (exports, require, module, __filename, __dirname) {${src}\n})`;

export async function makeCodeCache(root) {
  const file = join(root, "dist", "cli.cjs");
  const script = new vm.Script(wrap(readFileSync(file, "utf8")), { filename: file });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, join(root, "dist"));
  const sample = join(root, "scenarios", "thread-2020-09-17", "userptr-of-mmapped-dmabuf.scn");
  if (existsSync(sample)) await mod.exports.warm(sample);
  writeFileSync(join(root, "dist", "cli.cache"), script.createCachedData());
}
