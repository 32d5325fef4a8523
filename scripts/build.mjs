// Builds dist/ from src/: the `dmabuf-scn` executable (dist/cli.cjs and its
// V8 code cache dist/cli.cache) and the library (dist/index.js,
// dist/index.d.ts).
// Fails with a non-zero exit code on any error. `--no-types` rebuilds the
// JavaScript alone and leaves the declarations as they are (tests use it).
// SCN_NO_MINIFY=1 keeps the executable's names readable (for a CPU profile).
import { build } from "esbuild";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { emitDeclarations } from "./declarations.mjs";
import { makeCodeCache } from "./code-cache.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const withTypes = !process.argv.includes("--no-types");

/** Bundled CommonJS packages (yaml) call require(); ESM output gets one from createRequire. */
const requireShim = 'import{createRequire as __scnCreateRequire}from"node:module";const require=__scnCreateRequire(import.meta.url);';

/**
 * The executable: one CommonJS file, so that bin/dmabuf-scn.js can compile it
 * with V8's code cache (dist/cli.cache, made by scripts/code-cache.mjs).
 * The YAML parser and the diff are bundled but only evaluated when a golden
 * differs or is written.
 */
function bundleCli() {
  return build({
    absWorkingDir: root,
    entryPoints: { cli: "src/cli/process.ts" },
    outExtension: { ".js": ".cjs" },
    outdir: "dist",
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    minify: !process.env.SCN_NO_MINIFY,
    legalComments: "none",
    define: { __DMABUF_SCN_VERSION__: JSON.stringify(pkg.version) },
    // version.ts reads import.meta only when unbundled; the define above wins here.
    logOverride: { "empty-import-meta": "silent" },
    logLevel: "warning",
  });
}

function bundle() {
  return build({
    absWorkingDir: root,
    entryPoints: { index: "src/index.ts" },
    outdir: "dist",
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    minify: true,
    legalComments: "none",
    define: { __DMABUF_SCN_VERSION__: JSON.stringify(pkg.version) },
    banner: { js: requireShim },
    logLevel: "warning",
  });
}

async function declarations() {
  await emitDeclarations(root, "src/index.ts", join(dist, "types"));
  writeFileSync(join(dist, "index.d.ts"), 'export * from "./types/src/index.js";\n');
}

/** Remove what this build makes: all of dist/, or with --no-types the JavaScript only. */
function clean() {
  if (withTypes) return rmSync(dist, { recursive: true, force: true });
  for (const f of ["cli.cjs", "cli.cache", "index.js", "chunks"]) rmSync(join(dist, f), { recursive: true, force: true });
}

try {
  clean();
  await Promise.all([bundle(), bundleCli(), withTypes ? declarations() : Promise.resolve()]);
  await makeCodeCache(root);
} catch (e) {
  // esbuild has printed its errors above; declaration problems are in the message.
  console.error(`build failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
