// VM_ flag helpers shared by the mmap paths.
import type { VmFlag } from "./state.js";

/** is_cow_mapping: MAYWRITE without SHARED. */
export function isCow(flags: Set<VmFlag>): boolean {
  return flags.has("MAYWRITE") && !flags.has("SHARED");
}

const ORDER: VmFlag[] = [
  "READ", "WRITE", "EXEC", "SHARED", "MAYREAD", "MAYWRITE", "MAYEXEC", "MAYSHARE",
  "IO", "PFNMAP", "MIXEDMAP", "DONTEXPAND", "DONTDUMP", "LOCKED",
];

/** Flag names sorted alphabetically, as the `flags` field shows them. */
export function flagList(flags: Set<VmFlag>): string[] {
  return ORDER.filter((f) => flags.has(f)).sort();
}
