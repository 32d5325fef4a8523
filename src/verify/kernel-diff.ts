// Where two (or more) real kernels answered the same guest step differently:
// every key whose values are not the same on all of them.
import type { LoadedScenario } from "./load.js";
import type { KernelDifference } from "./report.js";
import type { GuestResults } from "./results.js";

const ABSENT = "(no answer)";

/** `batch[i]` is scenario i + 1 of every guest's results. */
export function kernelDifferences(batch: readonly LoadedScenario[], guests: readonly GuestResults[]): KernelDifference[] {
  const out: KernelDifference[] = [];
  batch.forEach((sc, i) => {
    for (const step of sc.plan.steps) {
      if (!step.op) continue;
      const answers = guests.map((g) => g.scenarios.get(i + 1)?.steps.get(step.index));
      const keys = [...new Set(answers.flatMap((a) => [...(a?.keys() ?? [])]))].sort();
      const differences = keys
        .map((key) => ({ key, values: answers.map((a) => a?.get(key) ?? ABSENT) }))
        .filter((d) => new Set(d.values).size > 1);
      if (differences.length > 0) out.push({ path: sc.path, line: step.line, text: step.text, differences });
    }
  });
  return out;
}
