// A private apt configuration: the machine's own Debian sources with the
// suites a real kernel needs, its own lists, cache and (empty) status, no
// host configuration parts, hooks or pins (APT_CONFIG points at a file of
// ours with Dir::Etc::main /dev/null). The host's apt state is never read
// for packages nor written.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RealKernel } from "./profiles.js";

export interface Apt {
  dir: string;
  env: NodeJS.ProcessEnv;
}

export interface AptResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

interface Source {
  uri: string;
  signedBy?: string;
}

/** deb822 stanzas and one-line entries of the host's sources: the URIs of its main and security archives. */
export function hostSources(files: { name: string; text: string }[]): { main?: Source; security?: Source } {
  const found: Source[] = [];
  for (const { name, text } of files) {
    const lines = text.split("\n").filter((l) => !l.trimStart().startsWith("#"));
    if (name.endsWith(".sources")) {
      for (const stanza of lines.join("\n").split(/\n\s*\n/)) {
        const field = (k: string) => new RegExp(`^${k}:\\s*(.*)$`, "mi").exec(stanza)?.[1]?.trim();
        if (!/\bdeb\b/.test(field("Types") ?? "") || field("Enabled") === "no") continue;
        const signedBy = field("Signed-By");
        for (const uri of (field("URIs") ?? "").split(/\s+/).filter(Boolean)) found.push(signedBy?.startsWith("/") ? { uri, signedBy } : { uri });
      }
    } else {
      for (const l of lines) {
        const m = /^deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s/.exec(l.trim());
        const signedBy = m?.[1] ? /signed-by=(\S+)/.exec(m[1])?.[1] : undefined;
        if (m) found.push(signedBy ? { uri: m[2]!, signedBy } : { uri: m[2]! });
      }
    }
  }
  const debian = found.filter((s) => /debian/.test(s.uri));
  return { main: debian.find((s) => !/security/.test(s.uri)), security: debian.find((s) => /security/.test(s.uri)) };
}

function readHostSources(): { name: string; text: string }[] {
  const files: { name: string; text: string }[] = [];
  const read = (path: string) => {
    try {
      files.push({ name: path, text: readFileSync(path, "utf8") });
    } catch {
      /* absent: nothing to read */
    }
  };
  read("/etc/apt/sources.list");
  const parts = "/etc/apt/sources.list.d";
  if (existsSync(parts)) for (const f of readdirSync(parts).sort()) if (f.endsWith(".list") || f.endsWith(".sources")) read(join(parts, f));
  return files;
}

/** The sources.list lines for a kernel's suites, or why there are none. */
export function sourceLines(kernel: RealKernel, host: { main?: Source; security?: Source }): string[] | string {
  const lines: string[] = [];
  for (const { archive, suite } of kernel.suites) {
    const src = host[archive];
    if (!src) return `this machine's apt sources name no Debian ${archive === "main" ? "archive" : "security archive"}`;
    lines.push(`deb ${src.signedBy ? `[signed-by=${src.signedBy}] ` : ""}${src.uri} ${suite} main`);
  }
  return lines;
}

function aptConf(dir: string, kernel: RealKernel): string {
  const d = (p: string) => `"${join(dir, p)}"`;
  return [
    `Dir::Etc::main "/dev/null";`, `Dir::Etc::Parts ${d("parts")};`, `Dir::Etc::SourceList ${d("sources.list")};`,
    `Dir::Etc::SourceParts ${d("sources.d")};`, `Dir::Etc::Preferences "/dev/null";`, `Dir::Etc::PreferencesParts ${d("preferences.d")};`,
    `Dir::State ${d("state")};`, `Dir::State::Lists ${d("lists")};`, `Dir::State::status ${d("status")};`, `Dir::Cache ${d("cache")};`,
    `APT::Architecture "amd64";`, `APT::Architectures { "amd64"; };`, `APT::Sandbox::User "root";`, `Acquire::Languages "none";`,
    `Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled "false";`,
    `Acquire::Check-Valid-Until "${kernel.checkValidUntil ? "true" : "false"}";`, "",
  ].join("\n");
}

/** Lay out the private apt configuration for one kernel under `dir`; a string says why it cannot be. */
export function privateApt(dir: string, kernel: RealKernel): Apt | string {
  const lines = sourceLines(kernel, hostSources(readHostSources()));
  if (typeof lines === "string") return lines;
  for (const sub of ["parts", "sources.d", "preferences.d", "state", "lists/partial", "cache/archives/partial"]) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, "sources.list"), `${lines.join("\n")}\n`);
  if (!existsSync(join(dir, "status"))) writeFileSync(join(dir, "status"), "");
  writeFileSync(join(dir, "apt.conf"), aptConf(dir, kernel));
  return { dir, env: { ...process.env, APT_CONFIG: join(dir, "apt.conf"), LC_ALL: "C" } };
}

export function apt(a: Apt, cmd: "apt-get" | "apt-cache", args: string[], cwd?: string): AptResult {
  const r = spawnSync(cmd, args, { env: a.env, cwd: cwd ?? a.dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) return { ok: false, stdout: "", stderr: `${cmd}: ${r.error.message}` };
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr };
}
