// Custom matchers for vitest (or jest) on scenario results:
//
//   import { expect } from "vitest";
//   import { scnMatchers, runScenario } from "dmabuf-scn";
//   expect.extend(scnMatchers);
//   expect(runScenario(text)).toPassScenario();
//   expect(runScenario(text)).toHaveState("D.refs", 4);
//
// A failure message says what the pretty reporter would: the failed steps
// and expectations, or the value the state held at the path.
import { stateAt } from "../engine/library.js";
import type { ScenarioResult, SnapshotValue } from "../engine/types.js";
import { palette } from "./colors.js";
import { scenarioLines } from "./pretty-scenario.js";
import { sameValue, flowValue } from "../engine/golden-compare.js";

export interface MatcherResult {
  pass: boolean;
  message: () => string;
}

function isResult(x: unknown): x is ScenarioResult {
  return typeof x === "object" && x !== null && "steps" in x && "snapshot" in x && "passed" in x;
}

const notAResult = (): MatcherResult => ({ pass: false, message: () => "expected a scenario result (what runScenario returns)" });

/** Passes when every step outcome and every expectation of the scenario held. */
function toPassScenario(received: unknown): MatcherResult {
  if (!isResult(received)) return notAResult();
  const pass = received.passed;
  return {
    pass,
    message: () => (pass ? `expected "${received.title}" to fail, and it passed` : scenarioLines("<inline>", received, [], palette(false)).join("\n")),
  };
}

/** Passes when the final state holds `expected` at `path` (`D.refs`, `objects.M.flags`, `events[0]`). */
function toHaveState(received: unknown, path: string, expected: SnapshotValue): MatcherResult {
  if (!isResult(received)) return notAResult();
  const actual = stateAt(received.snapshot, path);
  const pass = actual !== undefined && sameValue(actual, expected);
  const held = actual === undefined ? "nothing (no such path)" : flowValue(actual, 200);
  return {
    pass,
    message: () => `expected ${path} ${pass ? "not " : ""}to be ${flowValue(expected, 200)}; the state held ${held}`,
  };
}

export const scnMatchers: {
  toPassScenario: (received: unknown) => MatcherResult;
  toHaveState: (received: unknown, path: string, expected: SnapshotValue) => MatcherResult;
} = { toPassScenario, toHaveState };

/** For `declare module "vitest" { interface Assertion<T> extends ScnMatchers<T> {} }`. */
export interface ScnMatchers<R = unknown> {
  toPassScenario(): R;
  toHaveState(path: string, expected: SnapshotValue): R;
}
