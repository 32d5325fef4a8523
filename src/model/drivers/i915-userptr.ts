// i915 userptr objects: DRM_IOCTL_I915_GEM_USERPTR in the kernel's order of
// checks per profile, the mmu notifier, and the pin at first use (6.1+:
// pin_user_pages_fast at submit; 5.10: a fast-only pin, else a worker whose
// answer comes back at the next use).
import type { Addr, Handle, I915UserptrFlags, Result } from "../api.js";
import { fail, ok, rule } from "../rules.js";
import { type Device, type Gem, type KFile, type KernelState, type Process, PAGE, gemRef } from "../state.js";
import { gemPut, handleCreate, newGem } from "../gem.js";
import { gupWalk, probeRange } from "../gup.js";
import { pinRelease, pinTake } from "../pins.js";
import { vmaAt } from "../mm.js";
import { userptrRegister, userptrUnregister } from "../userptr.js";

export const I915_EXPORT_USERPTR = rule(
  "i915.export-userptr", "drivers/gpu/drm/i915/gem/i915_gem_userptr.c: i915_gem_userptr_dmabuf_export", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "exporting a userptr object gives EINVAL (5.10 exports it, attaching a notifier)",
);
export const I915_USERPTR_IOCTL = rule(
  "i915.userptr-ioctl", "drivers/gpu/drm/i915/gem/i915_gem_userptr.c: i915_gem_userptr_ioctl", "all",
  "flags outside READ_ONLY|UNSYNCHRONIZED (|PROBE from 6.1) give EINVAL; size 0 or unaligned ptr/size EINVAL; UNSYNCHRONIZED ENODEV (5.10: allowed to CAP_SYS_ADMIN, without a notifier); PROBE runs probe_range; no pages are pinned at creation",
);
export const I915_USERPTR_PIN = rule(
  "i915.userptr-submit-init", "drivers/gpu/drm/i915/gem/i915_gem_userptr.c: i915_gem_object_userptr_submit_init", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "first use pins the pages with pin_user_pages_fast (FOLL_WRITE unless read-only, not long-term); another mm gives EFAULT",
);
export const I915_USERPTR_WORKER = rule(
  "i915.userptr-get-pages-worker", "drivers/gpu/drm/i915/gem/i915_gem_userptr.c: i915_gem_userptr_get_pages", ["linux-5.10"],
  "5.10: get_pages tries pin_user_pages_fast_only; when some page is not present (or cannot be pinned that way) a worker pins with pin_user_pages_remote and get_pages answers EAGAIN; the worker's answer (pages or EFAULT) comes back at the next use",
);

export function i915Userptr(
  s: KernelState, p: Process, dev: Device, file: KFile, addr: Addr, size: number, flags: I915UserptrFlags,
): Result<Handle> {
  if (flags.probe && !s.traits.i915UserptrProbe) return fail(I915_USERPTR_IOCTL, "EINVAL", "I915_USERPTR_PROBE is an unknown flag here");
  if (size === 0) return fail(I915_USERPTR_IOCTL, "EINVAL", "size 0");
  if (addr % PAGE !== 0 || size % PAGE !== 0) return fail(I915_USERPTR_IOCTL, "EINVAL", "user_ptr or user_size not page aligned");
  const unsync = !!flags.unsynchronized;
  if (unsync && s.traits.i915Unsynchronized === "enodev") return fail(I915_USERPTR_IOCTL, "ENODEV", "UNSYNCHRONIZED userptrs are no longer supported");
  if (flags.probe) {
    const r = probeRange(s, p, addr, size);
    if (!r.ok) return r;
  }
  const g = newGem(s, dev.name, size, {
    domain: "cpu",
    userptr: { pid: p.pid, start: addr, size, readonly: !!flags.readonly, anononly: false, valid: false, unsynchronized: unsync },
  });
  if (!unsync) {
    s.event("userptr_register", [gemRef(g.id)], "i915 mmu_interval_notifier_insert");
    userptrRegister(s, p.pid, g.id);
  }
  const h = handleCreate(s, file, g.id);
  gemPut(s, g.id);
  return ok(h);
}

function pinned(s: KernelState, g: Gem, pages: string[]): Result<void> {
  g.pinnedPages = pages.length;
  pinTake(s, gemRef(g.id), pages.length);
  g.userptr!.valid = true;
  s.event("pin_user_pages", [gemRef(g.id)], `${pages.length} pages`);
  return ok(undefined);
}

/** pin_user_pages_fast_only: every page present, normal (not IO/PFNMAP) and writable when asked. */
function fastOnly(s: KernelState, p: Process, g: Gem): boolean {
  const u = g.userptr!;
  for (let a = u.start; a < u.start + u.size; a += PAGE) {
    const v = vmaAt(s, p, a);
    if (!v || v.flags.has("IO") || v.flags.has("PFNMAP") || (!u.readonly && !v.flags.has("WRITE"))) return false;
    if (!v.ptes.has((a - v.start) / PAGE)) return false;
  }
  return true;
}

/** 5.10: the fast-only pin in the caller's own mm, else the worker in the registering mm. */
function workerPin(s: KernelState, p: Process, g: Gem): Result<void> {
  const u = g.userptr!;
  const done = u.pending;
  if (done) {
    delete u.pending;
    return "pages" in done ? pinned(s, g, done.pages) : done;
  }
  if (u.pid === p.pid && fastOnly(s, p, g)) return pinned(s, g, pagesOf(s, p, g));
  const owner = s.process(u.pid);
  if (!owner?.alive) return fail(I915_USERPTR_WORKER, "EFAULT", "the registering process has exited");
  const r = gupWalk(s, owner, u.start, u.size, { write: !u.readonly, longterm: false });
  u.pending = r.ok ? { pages: r.value } : r;
  s.event("userptr_worker", [gemRef(g.id)], r.ok ? "pages pinned for the next use" : r.reason);
  return fail(I915_USERPTR_WORKER, "EAGAIN", "the pages were not all present: a worker pins them");
}

function pagesOf(s: KernelState, p: Process, g: Gem): string[] {
  const u = g.userptr!;
  const out: string[] = [];
  for (let a = u.start; a < u.start + u.size; a += PAGE) {
    const v = vmaAt(s, p, a)!;
    out.push(v.ptes.get((a - v.start) / PAGE)!.backing);
  }
  return out;
}

/** Execbuf / SET_DOMAIN with a userptr object: its pages are pinned if they are not. */
export function i915UserptrSubmit(s: KernelState, p: Process, g: Gem): Result<void> {
  const u = g.userptr!;
  if (u.valid && g.pinnedPages > 0) return ok(undefined);
  if (g.pinnedPages > 0) { pinRelease(s, gemRef(g.id)); g.pinnedPages = 0; }
  if (s.traits.i915UserptrWorker) return workerPin(s, p, g);
  if (u.pid !== p.pid) return fail(I915_USERPTR_PIN, "EFAULT", "the userptr belongs to another process's address space");
  const r = gupWalk(s, p, u.start, u.size, { write: !u.readonly, longterm: false });
  return r.ok ? pinned(s, g, r.value) : r;
}

export function i915UserptrRelease(s: KernelState, g: Gem): void {
  userptrUnregister(s, g.userptr!.pid, g.id);
}
