// The `dmabuf-scn` entry point when run from source (`node --import tsx`,
// tests); the bundle's entry is src/cli/process.ts itself.
import { start } from "./process.js";

start(process.argv.slice(2));
