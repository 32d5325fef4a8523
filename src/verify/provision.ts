// Provisioning a real kernel: choose the newest generic image package the
// profile's suites offer (by pattern), fetch it with `apt-get download`
// through the private apt configuration (for a split kernel, the packages
// its metapackage depends on), unpack it (`dpkg -x`), index its modules
// (`depmod -b`, with lib -> usr/lib), and keep the kernel image and the
// vgem module chain, decompressed, in the cache. Nothing is installed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from "node:fs";
import { join } from "node:path";
import { apt, type Apt, privateApt } from "./apt.js";
import { compareDebianVersions } from "./debver.js";
import { moduleChain } from "./modules.js";
import { type RealKernel, releaseOf } from "./profiles.js";

export interface ProvisionedKernel {
  profile: string;
  package: string;
  version: string;
  /** `uname -r` of the kernel. */
  release: string;
  dir: string;
  vmlinuz: string;
  /** Decompressed modules in load order. */
  modules: string[];
  /** Something the report should say about how the kernel was obtained. */
  note?: string;
}

export type Provisioned = { ok: true; kernel: ProvisionedKernel } | { ok: false; unavailable: string };

type Progress = (line: string) => void;

function run(cmd: string, args: string[], cwd?: string): string | undefined {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) return `${cmd}: ${r.error.message}`;
  return r.status === 0 ? undefined : `${cmd} ${args.join(" ")} failed: ${(r.stderr || r.stdout).trim().split("\n").slice(-3).join(" ")}`;
}

/** The newest package matching the profile's pattern, with its candidate version. */
export function chooseImage(k: RealKernel, madison: string): { name: string; version: string } | undefined {
  let best: { name: string; version: string } | undefined;
  for (const line of madison.split("\n")) {
    const [name, version] = line.split("|").map((s) => s.trim());
    if (!name || !version || !k.image.test(name)) continue;
    if (!best || compareDebianVersions(version, best.version) > 0) best = { name, version };
  }
  return best;
}

/** The packages a split image's Depends names for the same release (`linux-binary-…`, `linux-modules-…`, `linux-base-…`). */
export function splitPackages(show: string, release: string): string[] {
  const depends = /^Depends:\s*(.*)$/m.exec(show)?.[1] ?? "";
  return depends
    .split(",")
    .map((d) => d.trim())
    .filter((d) => !d.includes("|"))
    .map((d) => d.split(/\s/)[0]!)
    .filter((name) => name.startsWith("linux-") && name.endsWith(`-${release}`));
}

function readReady(dir: string): ProvisionedKernel | undefined {
  try {
    return { ...(JSON.parse(readFileSync(join(dir, "ready.json"), "utf8")) as ProvisionedKernel), dir };
  } catch {
    return undefined;
  }
}

function cachedFor(cache: string, k: RealKernel): ProvisionedKernel | undefined {
  const root = join(cache, "kernels");
  if (!existsSync(root)) return undefined;
  const ready = readdirSync(root).map((d) => readReady(join(root, d))).filter((r): r is ProvisionedKernel => r?.profile === k.name);
  return ready.sort((a, b) => compareDebianVersions(b.version, a.version))[0];
}

function locate(a: Apt, k: RealKernel): { name: string; version: string } | string {
  const series = /linux-image-(\d+\.\d+)/.exec(k.image.source.replace(/\\/g, ""))?.[1] ?? "";
  const names = apt(a, "apt-cache", ["pkgnames", `linux-image-${series}.`]);
  const matching = names.stdout.split("\n").filter((n) => k.image.test(n)).sort();
  if (matching.length === 0) return `no package matching ${k.image.source} in ${k.suites.map((s) => s.suite).join(", ")}`;
  const madison = apt(a, "apt-cache", ["madison", ...matching]);
  return chooseImage(k, madison.stdout) ?? `no candidate version for ${matching.join(", ")}`;
}

function download(a: Apt, k: RealKernel, image: { name: string; version: string }, into: string, progress: Progress): string | undefined {
  let pkgs = [`${image.name}=${image.version}`];
  if (k.split) {
    const show = apt(a, "apt-cache", ["show", "--no-all-versions", pkgs[0]!]);
    const deps = splitPackages(show.stdout, releaseOf(image.name));
    if (deps.length === 0) return `${image.name} ${image.version} names no binary, modules or base package`;
    pkgs = deps.map((d) => `${d}=${image.version}`);
  }
  progress(`downloading ${pkgs.join(", ")}`);
  const r = apt(a, "apt-get", ["-q", "download", ...pkgs], into);
  return r.ok ? undefined : `apt-get download failed: ${r.stderr.trim().split("\n").slice(-2).join(" ")}`;
}

/** Unpack the downloaded packages, index the modules, keep the image and the vgem chain. */
function unpack(work: string, release: string, out: string, progress: Progress): { vmlinuz: string; modules: string[] } | string {
  const root = join(work, "root");
  progress(`unpacking ${release} (dpkg -x, depmod -b)`);
  for (const deb of readdirSync(work).filter((f) => f.endsWith(".deb")).sort()) {
    const err = run("dpkg", ["-x", join(work, deb), root]);
    if (err) return err;
  }
  if (!existsSync(join(root, "lib"))) symlinkSync("usr/lib", join(root, "lib"));
  const err = run("depmod", ["-b", root, release]);
  if (err) return err;
  const image = [join(root, "boot", `vmlinuz-${release}`), join(root, "usr/lib/modules", release, "vmlinuz")].find(existsSync);
  if (!image) return `no kernel image in the packages of ${release}`;
  const modDir = join(root, "lib/modules", release);
  const chain = moduleChain(readFileSync(join(modDir, "modules.dep"), "utf8"), "vgem");
  if (typeof chain === "string") return chain;
  mkdirSync(join(out, "modules"), { recursive: true });
  copyFileSync(image, join(out, "vmlinuz"));
  const modules: string[] = [];
  for (const [i, rel] of chain.entries()) {
    const name = `${String(i + 1).padStart(2, "0")}-${rel.split("/").pop()!.replace(/\.ko(\.xz)?$/, "")}.ko`;
    const r = spawnSync("sh", ["-c", 'case "$1" in *.xz) xz -dc "$1" ;; *) cat "$1" ;; esac > "$2"', "sh", join(modDir, rel), join(out, "modules", name)]);
    if (r.status !== 0) return `cannot decompress ${rel}: ${String(r.stderr ?? "").trim()}`;
    modules.push(join("modules", name));
  }
  return { vmlinuz: "vmlinuz", modules };
}

/** A kernel for the profile: from the cache when the newest offered release is there, else fetched now. */
export function provision(k: RealKernel, cache: string, progress: Progress): Provisioned {
  const a = privateApt(join(cache, "apt", k.name), k);
  if (typeof a === "string") return { ok: false, unavailable: a };
  progress(`${k.name}: refreshing the package index of ${k.suites.map((s) => s.suite).join(", ")}`);
  const update = apt(a, "apt-get", ["-q", "update"]);
  const cached = cachedFor(cache, k);
  if (!update.ok) {
    const why = `the package index could not be refreshed (${update.stderr.trim().split("\n").pop()})`;
    if (cached) return { ok: true, kernel: { ...withPaths(cached), note: `${why}: using the cached ${cached.release}` } };
    return { ok: false, unavailable: why };
  }
  const image = locate(a, k);
  if (typeof image === "string") return { ok: false, unavailable: image };
  const release = releaseOf(image.name);
  const dir = join(cache, "kernels", `${release}_${image.version}`);
  const ready = readReady(dir);
  if (ready) return { ok: true, kernel: withPaths(ready) };
  const work = `${dir}.partial-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const err = download(a, k, image, work, progress);
    if (err) return { ok: false, unavailable: `${image.name} ${image.version}: ${err}` };
    const out = join(work, "kept");
    const got = unpack(work, release, out, progress);
    if (typeof got === "string") return { ok: false, unavailable: `${image.name} ${image.version}: ${got}` };
    const kernel: ProvisionedKernel = { profile: k.name, package: image.name, version: image.version, release, dir, ...got };
    writeFileSync(join(out, "ready.json"), `${JSON.stringify({ ...kernel, dir: undefined }, null, 2)}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(out, dir);
    return { ok: true, kernel: withPaths(kernel) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function withPaths(k: ProvisionedKernel): ProvisionedKernel {
  const abs = (p: string) => (p.startsWith("/") ? p : join(k.dir, p));
  return { ...k, vmlinuz: abs(k.vmlinuz), modules: k.modules.map(abs) };
}
