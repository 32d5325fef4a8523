// The diagnostic value every phase produces: data, never an exception.
import type { Span } from "../syntax/ast.js";

export type Severity = "error" | "warning";

export interface Diagnostic {
  /** Stable code from the catalogue: SCN1xxx syntax, SCN2xxx names/types, SCN3xxx model. */
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  /** A hint line: a did-you-mean or what was expected. */
  hint?: string;
}
