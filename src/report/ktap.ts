// The ktap reporter: KTAP version 1 as Documentation/dev-tools/ktap.rst
// specifies it and KUnit prints it. Each file is a test whose subtests are
// its scenarios, and each scenario's subtests are its steps, expectations and
// golden; every nested stream starts with its own version line and plan and
// is indented two spaces. A failure's details are diagnostic lines (`# ...`)
// just before its result line; a scenario left out by --tag or --grep is
// `ok N title # SKIP reason`; a file that cannot run is `not ok N path # ERROR`.
import type { Palette } from "./colors.js";
import { singleLines, TapLikeReporter, type Dialect } from "./tap-lines.js";

export const KTAP: Dialect = {
  version: "KTAP version 1",
  indent: "  ",
  // KUnit names a subtest by a diagnostic line between its version line and its plan.
  openSubtest: (name) => ["KTAP version 1", `# Subtest: ${name.replace(/[\r\n]+/g, " ")}`],
  // A description is any text but `#` and line breaks.
  description: (name) => name.replace(/#/g, "%23").replace(/[\r\n]+/g, " "),
  openInside: true,
  errorDirective: true,
  detailsBefore: true,
  detailLines: (details, at) => [...(at ? [`at ${at.path}:${at.line}:${at.column}`] : []), ...singleLines(details)].map((l) => `# ${l}`),
};

export class KtapReporter extends TapLikeReporter {
  constructor(opts: { write: (text: string) => void; colors: Palette }) {
    super(KTAP, opts);
  }
}
