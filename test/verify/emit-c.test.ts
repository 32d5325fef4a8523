import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitProgram, GCC_ARGS } from "../../src/verify/emit-c.js";
import { fixture } from "./helpers.js";

const haveCompiler = spawnSync("gcc", ["--version"]).status === 0 && existsSync("/usr/include/libdrm/drm.h") && existsSync("/usr/include/linux/udmabuf.h");

describe("emit-c", () => {
  const inputs = fixture().map((s) => ({ path: s.path, plan: s.plan }));
  const program = emitProgram(inputs);

  it("is the same text for the same scenarios", () => {
    expect(emitProgram(inputs)).toBe(program);
  });

  it("names slots, devices and processes, and comments each step with its line", () => {
    expect(program).toContain("enum { S1_A, S1_D, S1_A2, S1_F, S1_MF, S1_U, S1_H, S1_M1, S1_M2, S1_RO, S1_E };");
    expect(program).toContain("enum { D1_gem, D1_ub, D1_heap };");
    expect(program).toContain("enum { P1_app, P1_other, P1_kid };");
    expect(program).toContain("\tcase 9: /* line 19: app mmap D offset 4K len 4K as M1 */");
    expect(program).toContain("op_mmap_fd(S1_D, S1_M1, 4096, 4096, 0, 0);");
    expect(program).toContain("[13] = { .proc = -1 }, /* line 24: model-only: gup with write intent on a read-only mapping");
    expect(program).toContain("[15] = { .proc = P1_app, .pre = -1, .post = P1_other, .forks = -1, .exits = 0 }, /* line 26 */");
  });

  it("uses the uapi headers and builds them with the command it documents", () => {
    expect(program).toContain("#include <linux/udmabuf.h>");
    expect(program).toContain(`Build: gcc ${GCC_ARGS.join(" ")} -o scn-verify THIS_FILE.c`);
  });

  it.skipIf(!haveCompiler)("compiles without a warning under -Wall", () => {
    const dir = mkdtempSync(join(tmpdir(), "scn-emit-"));
    try {
      writeFileSync(join(dir, "p.c"), program);
      const args = GCC_ARGS.filter((a) => a !== "-w" && a !== "-static");
      const r = spawnSync("gcc", [...args, "-Wall", "-Wno-unused-function", "-c", "-o", join(dir, "p.o"), join(dir, "p.c")], { encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
