// The rule table: every behaviour the model encodes is registered here once,
// with the kernel source it comes from (`path/file.c: function`), the profiles
// it applies to and a one-line summary. Fails and events carry the rule's cite,
// so a report can always say which kernel code answered.
import type { Cite, Errno, Fail, Profile, Result, Signal } from "./api.js";

export interface Rule {
  id: string;
  cite: Cite;
  profiles: Profile[] | "all";
  summary: string;
  /** the knob this rule stands for, when it is a what-if rather than a kernel behaviour */
  knob?: string;
}

const ALL_PROFILES: Profile[] = ["linux-5.10", "linux-6.1", "linux-6.12", "linux-7.2"];

const table = new Map<string, Rule>();

/** The one well-formed cite shape: `path/file.c: function` (also `.h`). */
export const CITE_FORM = /^[a-z0-9_\-/.]+\.[ch]: [A-Za-z0-9_]+$/;

/** Registers a rule; registering the same id twice is a model bug. */
export function rule(id: string, cite: Cite, profiles: Profile[] | "all", summary: string, knob?: string): Rule {
  if (table.has(id)) throw new Error(`model bug: rule ${id} registered twice`);
  const r: Rule = { id, cite, profiles, summary };
  if (knob !== undefined) r.knob = knob;
  table.set(id, r);
  return r;
}

/** The profiles a rule applies to, spelled out. */
export function profilesOf(r: Rule): Profile[] {
  return r.profiles === "all" ? [...ALL_PROFILES] : [...r.profiles];
}

/** Whether `r` holds under profile `p`. */
export function appliesTo(r: Rule, p: Profile): boolean {
  return r.profiles === "all" || r.profiles.includes(p);
}

/** Of rules that state one behaviour for different kernel versions, the one holding under `p`. */
export function forProfile(p: Profile, ...rules: Rule[]): Rule {
  return rules.find((r) => appliesTo(r, p)) ?? rules[0]!;
}

/** Every registered rule, in registration order. */
export function allRules(): Rule[] {
  return [...table.values()];
}

/** The rule whose cite is `cite`, if any (tests check every Fail against this). */
export function isRegisteredCite(cite: Cite): boolean {
  for (const r of table.values()) if (r.cite === cite) return true;
  return false;
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(r: Rule, errno: Errno, reason: string): Fail {
  return { ok: false, errno, reason, cite: r.cite };
}

export function signal(r: Rule, sig: Signal, reason: string): Fail {
  return { ok: false, signal: sig, reason, cite: r.cite };
}

/** A Result that is a failure, narrowed. */
export function isFail<T>(r: Result<T>): r is Fail {
  return !r.ok;
}
