// The driver policy table: one DrmDriver per DRM device kind.
import type { DeviceKind } from "../api.js";
import type { DrmDriver } from "./types.js";
import { amdgpu } from "./amdgpu.js";
import { i915 } from "./i915.js";
import { panfrost, vgem } from "./vgem.js";

/** Read at call time (not at module load) so import cycles cannot see an unfinished binding. */
function lookup(kind: DeviceKind): DrmDriver | undefined {
  switch (kind) {
    case "amdgpu": return amdgpu;
    case "i915": return i915;
    case "vgem": return vgem;
    case "panfrost": return panfrost;
    default: return undefined;
  }
}

export function isDrm(kind: DeviceKind): boolean {
  return lookup(kind) !== undefined;
}

export function driverFor(kind: DeviceKind): DrmDriver {
  const d = lookup(kind);
  if (!d) throw new Error(`model bug: ${kind} is not a DRM driver`);
  return d;
}
