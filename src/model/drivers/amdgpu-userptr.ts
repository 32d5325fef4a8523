// amdgpu userptr BOs: DRM_AMDGPU_GEM_USERPTR in the kernel's order of checks,
// the hmm_range_fault validation it runs with VALIDATE and at command
// submission, and the notifier registration.
import type { Addr, AmdgpuUserptrFlags, Handle, Result } from "../api.js";
import { fail, forProfile, ok, rule } from "../rules.js";
import { type Device, type Gem, type KFile, type KernelState, type Process, PAGE, gemRef } from "../state.js";
import { gemPut, handleCreate } from "../gem.js";
import { vmaAt } from "../mm.js";
import { hmmRangeFault } from "../gup.js";
import { newTtmBo } from "./amdgpu.js";
import { userptrRegister, userptrUnregister } from "../userptr.js";

export const AMD_UP_ALIGN = rule(
  "amdgpu.userptr-align", "drivers/gpu/drm/amd/amdgpu/amdgpu_gem.c: amdgpu_gem_userptr_ioctl", "all",
  "addr or size not page aligned gives EINVAL; without READONLY or REGISTER EACCES; the BO is created and its notifier registered",
);
export const AMD_UP_ACCESS_OK = rule(
  "amdgpu.userptr-access-ok", "drivers/gpu/drm/amd/amdgpu/amdgpu_gem.c: amdgpu_gem_userptr_ioctl", ["linux-7.2"],
  "7.2 checks access_ok after the alignment: a range reaching past the user address space gives EFAULT",
);
/** TASK_SIZE_MAX on x86-64 with 4-level paging. */
const TASK_SIZE_MAX = 2 ** 47 - 4096;
export const AMD_GET_PAGES = rule(
  "amdgpu.userptr-get-pages", "drivers/gpu/drm/amd/amdgpu/amdgpu_ttm.c: amdgpu_ttm_tt_get_user_pages", "all",
  "no VMA at the start gives EFAULT; ANONONLY with a file-backed VMA gives EPERM; then hmm_range_fault decides",
);
export const AMD_ANONONLY_SPAN = rule(
  "amdgpu.userptr-anononly-span", "drivers/gpu/drm/amd/amdgpu/amdgpu_ttm.c: amdgpu_ttm_tt_get_user_pages", ["linux-6.12"],
  "Debian 6.12.117: ANONONLY also gives EPERM when the VMA at the start ends before start+size",
);
export const AMD_HMM_REGISTER = rule(
  "amdgpu.hmm-register", "drivers/gpu/drm/amd/amdgpu/amdgpu_hmm.c: amdgpu_hmm_register", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "every userptr BO gets an mmu interval notifier on [addr, addr+size) of the creating mm, REGISTER or not",
);
export const AMD_MN_REGISTER = rule(
  "amdgpu.mn-register", "drivers/gpu/drm/amd/amdgpu/amdgpu_mn.c: amdgpu_mn_register", ["linux-5.10"],
  "5.10: every userptr BO gets an mmu interval notifier on [addr, addr+size) of the creating mm, REGISTER or not",
);
export const AMD_BO_LIST_MM = rule(
  "amdgpu.bo-list-usermm", "drivers/gpu/drm/amd/amdgpu/amdgpu_bo_list.c: amdgpu_bo_list_create", "all",
  "a command submission naming a userptr BO registered by another process's mm gives EPERM",
);
export const AMD_USERPTR_MM_GONE = rule(
  "amdgpu.userptr-mm-gone", "drivers/gpu/drm/amd/amdgpu/amdgpu_ttm.c: amdgpu_ttm_tt_get_user_pages", "all",
  "validating a userptr whose process has exited gives ESRCH",
);

/** amdgpu_ttm_tt_get_user_pages in the userptr's own mm. */
function getUserPages(s: KernelState, g: Gem): Result<void> {
  const u = g.userptr!;
  const p = s.process(u.pid);
  if (!p || !p.alive) return fail(AMD_USERPTR_MM_GONE, "ESRCH", "the userptr's process has exited");
  const v = vmaAt(s, p, u.start);
  if (!v) return fail(AMD_GET_PAGES, "EFAULT", `no VMA at 0x${u.start.toString(16)}`);
  if (u.anononly && v.file !== null) return fail(AMD_GET_PAGES, "EPERM", "ANONONLY and the VMA is file-backed (vm_file set)");
  if (u.anononly && s.traits.amdgpuAnononlySpan && v.end < u.start + u.size) {
    return fail(AMD_ANONONLY_SPAN, "EPERM", "ANONONLY and the range spans more than one VMA");
  }
  const r = hmmRangeFault(s, p, u.start, u.size, !u.readonly);
  if (!r.ok) return r;
  u.valid = true;
  g.domain = "gtt";
  s.event("hmm_range_fault", [gemRef(g.id)], `${r.value.length} pages`);
  return ok(undefined);
}

export function amdgpuUserptr(
  s: KernelState, p: Process, dev: Device, file: KFile, addr: Addr, size: number, flags: AmdgpuUserptrFlags,
): Result<Handle> {
  if (addr % PAGE !== 0 || size % PAGE !== 0) return fail(AMD_UP_ALIGN, "EINVAL", "addr or size is not page aligned");
  if (s.traits.amdgpuAccessOk && addr + size > TASK_SIZE_MAX) return fail(AMD_UP_ACCESS_OK, "EFAULT", "the range is not in the user address space");
  if (!flags.readonly && !flags.register) return fail(AMD_UP_ALIGN, "EACCES", "a writable userptr needs REGISTER (an MMU notifier)");
  const bo = newTtmBo(s, dev, size, "cpu", {
    userptr: { pid: p.pid, start: addr, size, readonly: !!flags.readonly, anononly: !!flags.anononly, valid: false },
  });
  if (!bo.ok) return bo;
  const g = bo.value;
  s.event("userptr_register", [gemRef(g.id)], forProfile(s.profile, AMD_HMM_REGISTER, AMD_MN_REGISTER).id);
  userptrRegister(s, p.pid, g.id);
  if (flags.validate) {
    const r = getUserPages(s, g);
    if (!r.ok) {
      gemPut(s, g.id);
      return r;
    }
  }
  const h = handleCreate(s, file, g.id);
  gemPut(s, g.id);
  return ok(h);
}

/** Command submission with a userptr BO: the pages are (re)validated. */
export function amdgpuUserptrUse(s: KernelState, p: Process, g: Gem): Result<void> {
  if (g.userptr!.pid !== p.pid) return fail(AMD_BO_LIST_MM, "EPERM", "the userptr belongs to another process's address space");
  const r = getUserPages(s, g);
  if (!r.ok) return r;
  s.event("cs", [gemRef(g.id)], "amdgpu userptr");
  return ok(undefined);
}

export function amdgpuUserptrUnregister(s: KernelState, g: Gem): void {
  userptrUnregister(s, g.userptr!.pid, g.id);
  s.event("userptr_unregister", [gemRef(g.id)]);
}
