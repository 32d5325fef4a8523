// RLIMIT_MEMLOCK and CAP_IPC_LOCK: what a process may lock (mlock, counted in
// locked_vm) or pin long term for RDMA (ib_umem_get, counted in pinned_vm).
// Processes start as root would (CAP_IPC_LOCK held, the profile's default
// limit), so no limit applies until a scenario drops the capability
// (`drop-cap ipc_lock`) or lowers the limit (`setrlimit memlock N`).
import type { Fail, Result } from "./api.js";
import { fail, ok, rule } from "./rules.js";
import { type KernelState, type Process, type Vma, PAGE, procRef } from "./state.js";

export const CAN_DO_MLOCK = rule(
  "memlock.can-do-mlock", "mm/mlock.c: can_do_mlock", "all",
  "locking or long-term pinning needs a non-zero RLIMIT_MEMLOCK or CAP_IPC_LOCK: without either mlock and ib_umem_get answer EPERM",
);
export const SETRLIMIT = rule(
  "memlock.setrlimit", "kernel/sys.c: do_prlimit", "all",
  "setrlimit(RLIMIT_MEMLOCK) sets the limit later mlock and ib_umem_get checks read (soft and hard alike; raising it needs CAP_SYS_RESOURCE, which a root process holds)",
);
export const CAPSET = rule(
  "memlock.capset", "security/commoncap.c: cap_capset", "all",
  "dropping a capability from the effective and permitted sets is always allowed; capable(CAP_IPC_LOCK) is false afterwards",
);
export const MLOCK_LIMIT = rule(
  "mlock.limit", "mm/mlock.c: do_mlock", "all",
  "mlock of pages not already locked that would take locked_vm over RLIMIT_MEMLOCK without CAP_IPC_LOCK gives ENOMEM",
);
export const UMEM_PINNED_VM = rule(
  "rdma.umem-pinned-vm", "drivers/infiniband/core/umem.c: ib_umem_get", "all",
  "an MR's pages are charged to the registering mm's pinned_vm: over RLIMIT_MEMLOCK without CAP_IPC_LOCK that is ENOMEM; a failed pin gives them back, ib_umem_release at dereg too",
);

/** can_do_mlock: a non-zero limit or the capability. */
export function canDoMlock(p: Process): boolean {
  return p.memlock !== 0 || p.capIpcLock;
}

/** The limit in pages, as rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT. */
export function lockLimitPages(p: Process): number {
  return Math.floor(p.memlock / PAGE);
}

/** mm->locked_vm: the pages of the process's VM_LOCKED mappings. */
export function lockedVm(p: Process): number {
  let n = 0;
  for (const v of p.vmas.ascending()) if (v.flags.has("LOCKED")) n += (v.end - v.start) / PAGE;
  return n;
}

export function setrlimitMemlock(s: KernelState, p: Process, bytes: number): Result<void> {
  p.memlock = bytes;
  s.event("setrlimit", [procRef(p.pid)], `RLIMIT_MEMLOCK ${bytes} bytes`);
  return ok(undefined);
}

export function dropCapIpcLock(s: KernelState, p: Process): Result<void> {
  p.capIpcLock = false;
  s.event("capset", [procRef(p.pid)], "CAP_IPC_LOCK dropped");
  return ok(undefined);
}

/** ib_umem_get's charge of `pages` to pinned_vm, or why it is refused. */
export function chargePinnedVm(p: Process, pages: number): Fail | undefined {
  if (p.pinnedVm + pages > lockLimitPages(p) && !p.capIpcLock) {
    return fail(UMEM_PINNED_VM, "ENOMEM", `pinned_vm ${p.pinnedVm} + ${pages} pages is over RLIMIT_MEMLOCK (${lockLimitPages(p)} pages) without CAP_IPC_LOCK`);
  }
  p.pinnedVm += pages;
  return undefined;
}

/** The pages an MR charged go back to its mm (ib_umem_release, or the error path of ib_umem_get). */
export function unchargePinnedVm(p: Process | undefined, pages: number): void {
  if (p) p.pinnedVm -= pages;
}

/** do_mlock's ENOMEM for locking all of `v`, or undefined. It counts the whole range, then, over the limit, leaves out what is already locked. */
export function mlockOverLimit(p: Process, v: Vma): Fail | undefined {
  if (p.capIpcLock) return undefined;
  const pages = (v.end - v.start) / PAGE;
  let locked = pages + lockedVm(p);
  if (locked > lockLimitPages(p) && v.flags.has("LOCKED")) locked -= pages;
  if (locked <= lockLimitPages(p)) return undefined;
  return fail(MLOCK_LIMIT, "ENOMEM", `locked_vm would be ${locked} pages, over RLIMIT_MEMLOCK (${lockLimitPages(p)} pages) without CAP_IPC_LOCK`);
}

/** can_do_mlock's EPERM, or undefined when the process may lock. */
export function mlockRefusal(p: Process): Fail | undefined {
  return canDoMlock(p) ? undefined : fail(CAN_DO_MLOCK, "EPERM", "RLIMIT_MEMLOCK is 0 and CAP_IPC_LOCK is not held");
}
