#!/usr/bin/env node
// The dmabuf-scn command: runs the bundle that `npm run build` (or `npm ci`,
// through `prepare`) makes from src/cli/main.ts.
import("../dist/cli.js").catch((e) => {
  if (e?.code === "ERR_MODULE_NOT_FOUND" && String(e.message).includes("cli.js")) {
    process.stderr.write("dmabuf-scn: dist/cli.js is missing: run `npm run build` first\n");
    process.exit(2);
  }
  throw e;
});
