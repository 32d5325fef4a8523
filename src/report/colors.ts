// When output is coloured, and the palette reporters use. Colour is on only
// on a terminal and never when NO_COLOR is set; FORCE_COLOR turns it on
// elsewhere. CI never turns it on (picocolors' default export would).
import pc from "picocolors";
import type { ColorRole } from "../diagnostics/print.js";

export type Paint = (text: string) => string;

export interface Palette {
  enabled: boolean;
  pass: Paint;
  fail: Paint;
  dim: Paint;
  bold: Paint;
  location: Paint;
  removed: Paint;
  added: Paint;
  hunk: Paint;
  warn: Paint;
}

/** Whether to colour: `NO_COLOR` (non-empty) wins, then `FORCE_COLOR`, then whether stdout is a terminal. */
export function colorEnabled(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if ((env.NO_COLOR ?? "") !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  return isTTY && env.TERM !== "dumb";
}

export function palette(enabled: boolean): Palette {
  const c = pc.createColors(enabled);
  return {
    enabled,
    pass: c.green,
    fail: c.red,
    dim: c.dim,
    bold: c.bold,
    location: c.cyan,
    removed: c.red,
    added: c.green,
    hunk: c.cyan,
    warn: c.yellow,
  };
}

/** The colour function the diagnostic printer takes, or `undefined` for plain text. */
export function diagnosticColors(p: Palette): { color: (role: ColorRole, text: string) => string } | undefined {
  if (!p.enabled) return undefined;
  const c = pc.createColors(true);
  const byRole: Record<string, Paint> = {
    error: (t) => c.bold(c.red(t)),
    warning: (t) => c.bold(c.yellow(t)),
    location: c.cyan,
    code: c.dim,
    caret: (t) => c.bold(c.red(t)),
    hint: c.cyan,
    gutter: c.dim,
  };
  return { color: (role, text) => (byRole[role] ?? ((t: string) => t))(text) };
}
