// RLIMIT_MEMLOCK and CAP_IPC_LOCK (kernel-semantics §6.3 facts 29 and 30):
// ib_umem_get's can_do_mlock and pinned_vm checks, mlock's locked_vm check,
// and the limit a process starts with in each profile.
import { describe, expect, it } from "vitest";
import { PROFILES, type Profile } from "../../src/model/index.js";
import { errno, setup, val } from "./helpers.js";

const PAGE = 4096;

function world(profile: Profile = "linux-6.12") {
  const { k, pids } = setup([["nic", "rdma"]], ["app"], { profile });
  return { k, app: pids[0]! };
}

const proc = (app: number) => ({ kind: "process" as const, id: app });

describe("memlock limits", () => {
  it("a root process (CAP_IPC_LOCK) is held to no limit, even RLIMIT_MEMLOCK 0", () => {
    const { k, app } = world();
    const M = val(k.anon(app, 64 * PAGE));
    val(k.memlock(app, { op: "setrlimit", bytes: 0 }));
    val(k.rdmaRegMr(app, "nic", M, 64 * PAGE));
    val(k.mmOp(app, M, { op: "mlock" }));
    expect(k.field(proc(app), "pinned_vm")).toBe(64);
    expect(k.field(proc(app), "locked_vm")).toBe(64);
  });

  it("fact 29: without CAP_IPC_LOCK and with limit 0, reg_mr is EPERM before the page count, as is mlock", () => {
    const { k, app } = world();
    const M = val(k.anon(app, 4 * PAGE));
    val(k.memlock(app, { op: "drop-ipc-lock" }));
    val(k.memlock(app, { op: "setrlimit", bytes: 0 }));
    errno(k.rdmaRegMr(app, "nic", M, 0), "EPERM");
    errno(k.rdmaRegMr(app, "nic", M, 4 * PAGE), "EPERM");
    errno(k.mmOp(app, M, { op: "mlock" }), "EPERM");
  });

  it("fact 29: pinned_vm past the limit is ENOMEM; at the limit it fits; dereg gives the pages back", () => {
    const { k, app } = world();
    const M = val(k.anon(app, 8 * PAGE));
    val(k.memlock(app, { op: "drop-ipc-lock" }));
    val(k.memlock(app, { op: "setrlimit", bytes: 6 * PAGE + 100 })); // >> PAGE_SHIFT: 6 pages
    errno(k.rdmaRegMr(app, "nic", M, 8 * PAGE), "ENOMEM");
    const a = val(k.rdmaRegMr(app, "nic", M, 4 * PAGE));
    errno(k.rdmaRegMr(app, "nic", M, 3 * PAGE), "ENOMEM");
    val(k.rdmaRegMr(app, "nic", M + 8, 2 * PAGE - 8)); // unaligned: 2 pages
    expect(k.field(proc(app), "pinned_vm")).toBe(6);
    val(k.rdmaDeregMr(app, "nic", a));
    expect(k.field(proc(app), "pinned_vm")).toBe(2);
  });

  it("an MR of length 0 is EINVAL at a page-aligned address and one page at an unaligned one (ib_umem_num_pages)", () => {
    const { k, app } = world();
    const M = val(k.anon(app, 4 * PAGE));
    errno(k.rdmaRegMr(app, "nic", M, 0), "EINVAL");
    const mr = val(k.rdmaRegMr(app, "nic", M + 8, 0));
    expect(k.field(k.mrRef(mr), "pins")).toBe(1);
    expect(k.field(proc(app), "pinned_vm")).toBe(1);
  });

  it("fact 30: a pin that fails on a hole leaves pinned_vm as it was", () => {
    const { k, app } = world();
    const M = val(k.anon(app, 2 * PAGE));
    val(k.rdmaRegMr(app, "nic", M, PAGE));
    errno(k.rdmaRegMr(app, "nic", M, 4 * PAGE), "EFAULT");
    expect(k.field(proc(app), "pinned_vm")).toBe(1);
  });

  it("mlock counts locked_vm, leaves a locked mapping out when it is locked again, and refuses past the limit", () => {
    const { k, app } = world();
    const A = val(k.anon(app, 4 * PAGE));
    const B = val(k.anon(app, 4 * PAGE));
    val(k.memlock(app, { op: "drop-ipc-lock" }));
    val(k.memlock(app, { op: "setrlimit", bytes: 4 * PAGE }));
    val(k.mmOp(app, A, { op: "mlock" }));
    val(k.mmOp(app, A, { op: "mlock" }));
    errno(k.mmOp(app, B, { op: "mlock" }), "ENOMEM");
    expect(k.field(proc(app), "locked_vm")).toBe(4);
  });

  it("a child inherits the limit and the capability, not pinned_vm", () => {
    const { k, app } = world();
    const M = val(k.anon(app, 4 * PAGE));
    val(k.rdmaRegMr(app, "nic", M, 4 * PAGE));
    val(k.memlock(app, { op: "drop-ipc-lock" }));
    val(k.memlock(app, { op: "setrlimit", bytes: 0 }));
    const child = val(k.fork(app, "child"));
    expect(k.field(proc(child), "pinned_vm")).toBe(0);
    errno(k.mmOp(child, M, { op: "mlock" }), "EPERM");
  });

  it("starts from MLOCK_LIMIT: 64 KiB on 5.10, 8 MiB from 5.16", () => {
    const limits: Record<string, number> = {};
    for (const profile of PROFILES) {
      const { k, app } = world(profile);
      const M = val(k.anon(app, 4096 * PAGE));
      val(k.memlock(app, { op: "drop-ipc-lock" }));
      // The largest MR that fits, in pages, is the limit.
      let lo = 0;
      let hi = 4096;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        const r = k.rdmaRegMr(app, "nic", M, mid * PAGE);
        if (r.ok) {
          val(k.rdmaDeregMr(app, "nic", r.value));
          lo = mid;
        } else hi = mid - 1;
      }
      limits[profile] = lo * PAGE;
    }
    expect(limits).toEqual({ "linux-5.10": 64 * 1024, "linux-6.1": 8 << 20, "linux-6.12": 8 << 20, "linux-7.2": 8 << 20 });
  });
});
