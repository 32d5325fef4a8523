// Building the program and booting a kernel with it: `gcc -static` the
// emitted C, pack the initramfs, run qemu with software emulation, no
// network and a hard timeout, and hand back the lines between the markers
// of the serial console.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GCC_ARGS } from "./emit-c.js";
import { BEGIN_MARK, END_MARK, buildInitramfs } from "./initramfs.js";
import type { ProvisionedKernel } from "./provision.js";

export const BUSYBOX = "/bin/busybox";
const BOOT_TIMEOUT_MS = 180_000;

export type BootResult = { ok: true; lines: string[] } | { ok: false; problem: string };

/** Host tools verify needs, and the Debian packages they come from. */
export const HOST_TOOLS: readonly [string, string][] = [
  ["qemu-system-x86_64", "qemu-system-x86"], ["gcc", "gcc"], ["dpkg", "dpkg"], ["depmod", "kmod"], ["xz", "xz-utils"], ["apt-get", "apt"],
];

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? "").split(":").some((d) => d !== "" && existsSync(join(d, cmd)));
}

/** What is missing on this machine to verify, as one line naming the Debian packages; undefined when nothing is. */
export function missingTools(): string | undefined {
  const missing = HOST_TOOLS.filter(([cmd]) => !onPath(cmd)).map(([, pkg]) => pkg);
  if (!existsSync(BUSYBOX)) missing.push("busybox-static");
  if (!existsSync("/usr/include/libdrm/drm.h")) missing.push("libdrm-dev");
  if (!existsSync("/usr/include/linux/udmabuf.h")) missing.push("linux-libc-dev");
  return missing.length === 0 ? undefined : `missing host packages: ${[...new Set(missing)].join(" ")} (apt-get install them)`;
}

/** Compile the program statically; a compiler error is a bug of the emitter (CompileError). */
export function compile(source: string, dir: string): string {
  const c = join(dir, "verify.c");
  const out = join(dir, "verify");
  writeFileSync(c, source);
  const r = spawnSync("gcc", [...GCC_ARGS, "-o", out, c], { encoding: "utf8" });
  if (r.error || r.status !== 0) throw new CompileError((r.stderr || r.error?.message || "").trim().split("\n").slice(0, 20).join("\n"));
  return out;
}

export class CompileError extends Error {}

/** The lines between the markers of a serial console (escape sequences and `\r` around them dropped). */
export function markedLines(console: string): string[] | undefined {
  const lines = console.replace(/\r/g, "").split("\n");
  const begin = lines.findIndex((l) => l.includes(BEGIN_MARK));
  if (begin < 0) return undefined;
  const end = lines.findIndex((l, i) => i > begin && l.includes(END_MARK));
  return lines.slice(begin + 1, end < 0 ? lines.length : end);
}

/** Boot the kernel once with the program; its answers, or why there are none. */
export function boot(kernel: ProvisionedKernel, program: string, work: string): BootResult {
  const initrd = join(work, `initrd-${kernel.release}.cpio`);
  writeFileSync(initrd, buildInitramfs(BUSYBOX, program, kernel.modules));
  const args = [
    "-accel", "tcg", "-cpu", "max", "-m", "512", "-smp", "1", "-no-reboot", "-display", "none", "-serial", "stdio", "-monitor", "none",
    "-net", "none", "-kernel", kernel.vmlinuz, "-initrd", initrd, "-append", "console=ttyS0 panic=-1 quiet",
  ];
  const r = spawnSync("qemu-system-x86_64", args, { encoding: "utf8", timeout: BOOT_TIMEOUT_MS, killSignal: "SIGKILL", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
  if (r.error && (r.error as NodeJS.ErrnoException).code !== "ETIMEDOUT") return { ok: false, problem: `qemu: ${r.error.message}` };
  const lines = markedLines(r.stdout ?? "");
  if (!lines) {
    const tail = (r.stdout || r.stderr || "").replace(/\r/g, "").trim().split("\n").slice(-5).join(" | ");
    return { ok: false, problem: r.signal ? `the guest did not finish within ${BOOT_TIMEOUT_MS / 1000} s` : `the guest printed no results (${tail})` };
  }
  return { ok: true, lines };
}

/** A scratch directory for one verification, removed by `done`. */
export function scratch(): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "dmabuf-scn-verify-"));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}
