// Kernel profiles as data: each profile is a row of behaviour switches the
// model consults (kernel-semantics.md section 9). Only linux-6.12 is modelled
// now; the other rows exist so a later change fills values, not code paths.
import type { Profile } from "./api.js";

export interface ProfileTraits {
  /** the model answers for this profile */
  modelled: boolean;
  /** udmabuf mmap sets VM_PFNMAP and inserts pfns (6.12+) */
  udmabufPfnmap: boolean;
  /** udmabuf fault pre-faults the whole VMA (not in 6.12 stable as modelled) */
  udmabufPrefault: boolean;
  /** amdgpu ANONONLY also rejects a VMA that ends before start+size (Debian 6.12.117) */
  amdgpuAnononlySpan: boolean;
  /** GUP: FOLL_LONGTERM write pins refuse dirty-tracked file mappings (6.5+) */
  gupLongtermFileRule: boolean;
  /** ib_umem_get asks FOLL_WRITE only for writable MRs, never FOLL_FORCE (6.2+) */
  umemWriteOnlyIfWritable: boolean;
  /** static importer of a dynamic exporter pins + maps at attach (<= 6.12) */
  pinAtAttach: boolean;
  /** CONFIG_DMABUF_MOVE_NOTIFY (Debian builds: off) */
  moveNotify: boolean;
}

const v612: ProfileTraits = {
  modelled: true,
  udmabufPfnmap: true,
  udmabufPrefault: false,
  amdgpuAnononlySpan: true,
  gupLongtermFileRule: true,
  umemWriteOnlyIfWritable: true,
  pinAtAttach: true,
  moveNotify: false,
};

const TRAITS: Record<Profile, ProfileTraits> = {
  "linux-5.10": {
    ...v612, modelled: false, udmabufPfnmap: false, amdgpuAnononlySpan: false,
    gupLongtermFileRule: false, umemWriteOnlyIfWritable: false,
  },
  "linux-6.1": {
    ...v612, modelled: false, udmabufPfnmap: false, amdgpuAnononlySpan: false,
    gupLongtermFileRule: false, umemWriteOnlyIfWritable: false,
  },
  "linux-6.12": v612,
  "linux-7.2": { ...v612, modelled: false, udmabufPrefault: true, amdgpuAnononlySpan: false, pinAtAttach: false },
};

export function traitsOf(p: Profile): ProfileTraits {
  return TRAITS[p];
}

export const PROFILES: Profile[] = ["linux-5.10", "linux-6.1", "linux-6.12", "linux-7.2"];
