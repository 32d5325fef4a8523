// The guest's initramfs, written as a newc cpio archive directly (so that
// /dev/console can be a device node without mknod): busybox-static, an
// /init that mounts proc, sys and devtmpfs, inserts the vgem module chain,
// runs the verification program between marker lines and powers off.
import { readFileSync } from "node:fs";

export const BEGIN_MARK = "=== RESULTS BEGIN";
export const END_MARK = "=== RESULTS END";

export type Entry =
  | { path: string; kind: "dir" }
  | { path: string; kind: "file"; data: Buffer; exec?: boolean }
  | { path: string; kind: "symlink"; target: string }
  | { path: string; kind: "char"; major: number; minor: number };

const MODE = { dir: 0o040755, file: 0o100644, exec: 0o100755, symlink: 0o120777, char: 0o020600 };

function pad4(n: number): Buffer {
  return Buffer.alloc((4 - (n % 4)) % 4);
}

function header(ino: number, mode: number, size: number, nameSize: number, rdev: [number, number]): Buffer {
  const fields = [ino, mode, 0, 0, 1, 0, size, 0, 0, rdev[0], rdev[1], nameSize, 0];
  return Buffer.from(`070701${fields.map((f) => f.toString(16).padStart(8, "0")).join("")}`, "ascii");
}

function record(ino: number, name: string, mode: number, data: Buffer, rdev: [number, number] = [0, 0]): Buffer[] {
  const nameBuf = Buffer.from(`${name}\0`, "utf8");
  const head = header(ino, mode, data.length, nameBuf.length, rdev);
  return [head, nameBuf, pad4(head.length + nameBuf.length), data, pad4(data.length)];
}

/** A newc archive of the entries, in the order given, with the trailer. */
export function cpioNewc(entries: readonly Entry[]): Buffer {
  const parts: Buffer[] = [];
  entries.forEach((e, i) => {
    const ino = i + 1;
    if (e.kind === "dir") parts.push(...record(ino, e.path, MODE.dir, Buffer.alloc(0)));
    else if (e.kind === "file") parts.push(...record(ino, e.path, e.exec ? MODE.exec : MODE.file, e.data));
    else if (e.kind === "symlink") parts.push(...record(ino, e.path, MODE.symlink, Buffer.from(e.target)));
    else parts.push(...record(ino, e.path, MODE.char, Buffer.alloc(0), [e.major, e.minor]));
  });
  parts.push(...record(0, "TRAILER!!!", 0, Buffer.alloc(0)));
  return Buffer.concat(parts);
}

export function initScript(modules: readonly string[]): string {
  return [
    "#!/bin/busybox sh",
    "/bin/busybox mount -t proc proc /proc",
    "/bin/busybox mount -t sysfs sys /sys",
    "/bin/busybox mount -t devtmpfs dev /dev",
    ...modules.map((m) => `/bin/busybox insmod /lib/modules/${m} || echo "=== INSMOD FAILED ${m}"`),
    `echo "${BEGIN_MARK}"`,
    "/verify",
    `echo "${END_MARK}"`,
    "/bin/busybox poweroff -f",
    "",
  ].join("\n");
}

/** The initramfs for one boot: busybox, the program, the modules (already decompressed) in load order. */
export function buildInitramfs(busybox: string, program: string, modules: readonly string[]): Buffer {
  const names = modules.map((m) => m.split("/").pop()!);
  const entries: Entry[] = [
    ...["bin", "dev", "proc", "sys", "lib", "lib/modules"].map((path): Entry => ({ path, kind: "dir" })),
    { path: "dev/console", kind: "char", major: 5, minor: 1 },
    { path: "dev/null", kind: "char", major: 1, minor: 3 },
    { path: "bin/busybox", kind: "file", data: readFileSync(busybox), exec: true },
    { path: "bin/sh", kind: "symlink", target: "busybox" },
    { path: "verify", kind: "file", data: readFileSync(program), exec: true },
    ...modules.map((m, i): Entry => ({ path: `lib/modules/${names[i]}`, kind: "file", data: readFileSync(m) })),
    { path: "init", kind: "file", data: Buffer.from(initScript(names)), exec: true },
  ];
  return cpioNewc(entries);
}
