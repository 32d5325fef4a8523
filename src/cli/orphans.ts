// Golden files that no `.scn` file owns any more (the scenario file was
// renamed or deleted), under the directories a run searched: reported, and
// deleted by --prune. A run given single files never looks for them.
import { unlinkSync } from "node:fs";
import { ioMessage } from "../engine/golden-io.js";
import type { ObsoleteGoldenFile } from "../report/reporter.js";
import { orphanGoldens } from "./inputs.js";

export function pruneOrphans(paths: readonly string[], prune: boolean): ObsoleteGoldenFile[] {
  return orphanGoldens(paths).map((file): ObsoleteGoldenFile => {
    if (!prune) return { file, removed: false };
    try {
      unlinkSync(file);
      return { file, removed: true };
    } catch (e) {
      return { file, removed: false, error: ioMessage(e) };
    }
  });
}
