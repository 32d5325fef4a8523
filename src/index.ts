// The library API of dmabuf-scn: `import { runScenario } from "dmabuf-scn"`.
// Parse, check and run scenario text on the kernel model, judge goldens,
// matchers for vitest, and the plain-data types all of it returns.
export { runSource, checkSource, runProfiles, parseProfileList, type RunOptions } from "./engine/run.js";
export { ruleRows, type RuleRow } from "./model/rules-doc.js";
export { parseScenario, runScenario, stateAt, ScenarioError, type ParsedScenarios, type ScenarioOptions } from "./engine/library.js";
export { scnMatchers, type ScnMatchers, type MatcherResult } from "./report/matchers.js";
export { judgeGoldens, goldenFailed, type GoldenMode, type GoldenVerdict, type GoldenChange } from "./engine/golden.js";
export type * from "./engine/types.js";
export type * from "./syntax/ast.js";
export type { Diagnostic, Severity } from "./diagnostics/diagnostic.js";
