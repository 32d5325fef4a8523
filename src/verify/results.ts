// Reading the guest's answers: `K release version`, then per scenario
// `S n` … `E n` around lines `R n step key value` (and `I n …` notes, such
// as a device the guest does not have). Anything else on the console is
// ignored.

export interface GuestScenario {
  /** The scenario's `E` line was seen: it ran to its end. */
  finished: boolean;
  steps: Map<number, Map<string, string>>;
  notes: string[];
}

export interface GuestResults {
  /** `uname -r` of the booted kernel. */
  release?: string;
  /** `uname -v`. */
  version?: string;
  scenarios: Map<number, GuestScenario>;
}

function scenario(r: GuestResults, n: number): GuestScenario {
  let s = r.scenarios.get(n);
  if (!s) {
    s = { finished: false, steps: new Map(), notes: [] };
    r.scenarios.set(n, s);
  }
  return s;
}

export function parseResults(lines: readonly string[]): GuestResults {
  const r: GuestResults = { scenarios: new Map() };
  for (const raw of lines) {
    const line = raw.trim();
    const m = /^([KSERI]) (.*)$/.exec(line);
    if (!m) continue;
    const [, tag, rest] = m as unknown as [string, string, string];
    if (tag === "K") {
      const sp = rest.indexOf(" ");
      r.release = sp < 0 ? rest : rest.slice(0, sp);
      r.version = sp < 0 ? "" : rest.slice(sp + 1);
      continue;
    }
    const n = Number.parseInt(rest, 10);
    if (!Number.isFinite(n)) continue;
    if (tag === "S") scenario(r, n);
    else if (tag === "E") scenario(r, n).finished = true;
    else if (tag === "I") scenario(r, n).notes.push(rest.slice(String(n).length + 1));
    else {
      const a = /^\d+ (\d+) (\S+) (.*)$/.exec(rest);
      if (!a) continue;
      const step = Number(a[1]);
      const steps = scenario(r, n).steps;
      if (!steps.has(step)) steps.set(step, new Map());
      steps.get(step)!.set(a[2]!, a[3]!);
    }
  }
  return r;
}
