// The library API of dmabuf-scn: `import { runSource } from "dmabuf-scn"`.
// Parse, check and run scenario text on the kernel model, judge goldens,
// and the plain-data types all of it returns.
export { runSource, checkSource, type RunOptions } from "./engine/run.js";
export { judgeGoldens, goldenFailed, type GoldenMode, type GoldenVerdict, type GoldenChange } from "./engine/golden.js";
export type * from "./engine/types.js";
export type * from "./syntax/ast.js";
export type { Diagnostic, Severity } from "./diagnostics/diagnostic.js";
