import { describe, expect, it } from "vitest";
import { cpioNewc, initScript } from "../../src/verify/initramfs.js";

describe("the initramfs", () => {
  it("writes newc records padded to four bytes, device nodes included, and a trailer", () => {
    const a = cpioNewc([{ path: "dev/console", kind: "char", major: 5, minor: 1 }, { path: "init", kind: "file", data: Buffer.from("#!/bin/sh\n"), exec: true }]);
    const text = a.toString("latin1");
    expect(text.startsWith("070701")).toBe(true);
    expect(text.slice(6 + 8, 6 + 16)).toBe("00002180"); // mode: S_IFCHR | 0600
    expect(text.slice(6 + 9 * 8, 6 + 11 * 8)).toBe("0000000500000001"); // rdev 5:1
    expect(text).toContain("dev/console\0");
    expect(text).toContain("TRAILER!!!\0");
    expect(a.length % 4).toBe(0);
    const init = text.indexOf("init\0");
    expect((init + 5 + ((4 - ((init + 5) % 4)) % 4)) % 4).toBe(0);
  });

  it("inserts the modules in order and prints the markers around the program", () => {
    const init = initScript(["01-drm.ko", "02-vgem.ko"]);
    expect(init.indexOf("01-drm.ko")).toBeLessThan(init.indexOf("02-vgem.ko"));
    expect(init).toMatch(/echo "=== RESULTS BEGIN"\n\/verify\necho "=== RESULTS END"/);
    expect(init.trimEnd().endsWith("poweroff -f")).toBe(true);
  });
});
