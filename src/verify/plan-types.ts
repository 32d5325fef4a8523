// The verification plan as data: for each scenario, the processes and guest
// devices the generated C program sets up, the name slots it keeps, and for
// each step either the guest operation it stands for (with what to observe
// afterwards) or the reason it stays model-only. The C emitter and the
// model-side runner both read this one plan, so they observe the same things.

/** Device actors a guest kernel has (vgem on the card node, /dev/udmabuf, the system heap). */
export type GuestDeviceKind = "vgem" | "udmabuf" | "dma-heap";

export interface GuestDevice {
  name: string;
  kind: GuestDeviceKind;
}

/** A name the program keeps a slot for: fd, GEM handle or mapping address. */
export interface Slot {
  name: string;
  kind: "bo" | "dmabuf" | "vma" | "fence" | "syncfile";
}

/** One system call or ioctl sequence a guest process performs for a step. Slots and devices are indices. */
export type GuestOp =
  | { op: "dumb-create"; dev: number; bo: number; size: number }
  /** `extraFlags`: bits ORed into the ioctl's flags beyond what `readonly` decides (an undefined one for `bogus`). */
  | { op: "export"; dev: number; bo: number; dmabuf: number; readonly: boolean; extraFlags: number }
  | { op: "import"; dev: number; dmabuf: number; bo: number }
  | { op: "gem-close"; dev: number; bo: number }
  | { op: "fence-attach"; dev: number; bo: number; fence: number; write: boolean }
  | { op: "fence-signal"; dev: number; fence: number }
  | { op: "udmabuf-create"; dev: number; from: number; dmabuf: number; offset: number; len?: number; extraFlags: number }
  | { op: "heap-alloc"; dev: number; dmabuf: number; size: number; readonly: boolean; extraFdFlags: number; heapFlags: number }
  | { op: "mmap-fd"; dmabuf: number; vma: number; offset: number; len?: number; readonly: boolean; private: boolean }
  | { op: "mmap-dev"; dev: number; bo: number; vma: number; holder: number; offset: number; len?: number; readonly: boolean; private: boolean }
  | { op: "anon"; vma: number; size: number; readonly: boolean }
  | { op: "memfd"; vma: number; size: number; seals: string[] }
  | { op: "pin-longterm"; vma: number }
  | { op: "pin"; vma: number; write: boolean }
  | { op: "gup"; vma: number }
  | { op: "touch"; vma: number; page: number; write: boolean }
  | { op: "proc-mem"; vma: number; page: number; write: boolean }
  | { op: "futex-wake"; vma: number; page: number; shared: boolean }
  | { op: "seek"; dmabuf: number; whence: "set" | "cur" | "end"; offset: number }
  | { op: "read"; dmabuf: number }
  | { op: "sync"; dmabuf: number; read: boolean; write: boolean; end: boolean; bogus: boolean }
  | { op: "set-name"; dmabuf: number }
  | { op: "export-sync"; dmabuf: number; sync: number; write: boolean }
  | { op: "import-sync"; dmabuf: number; from: number; write: boolean }
  | { op: "resize"; vma: number; size: number }
  | { op: "setrlimit-memlock"; bytes: number }
  | { op: "drop-cap-ipc-lock" }
  | { op: "madvise-dontneed"; vma: number }
  | { op: "mlock"; vma: number }
  | { op: "mremap-grow"; vma: number; by: number }
  | { op: "munmap"; vma: number }
  | { op: "close-fd"; dmabuf: number }
  | { op: "close-dev"; dev: number }
  | { op: "send"; dmabuf: number; to: number; as: number }
  | { op: "fork"; child: number }
  | { op: "exit" };

/** What the acting process reports after its step, beside the outcome. */
export type Observation =
  /**
   * The mapping the step bound: VmFlags, which file backs it (first match
   * among `candidates`), and for a shared file mapping vm_pgoff. Fake offsets
   * compare as they are: each scenario runs in processes of its own whose
   * exit frees every object, so each starts with an empty fake-offset space
   * in the guest as in the model.
   */
  | { kind: "vma"; slot: number; candidates: FileCandidate[] }
  /** fdinfo `count:` of a dma-buf the process holds open. */
  | { kind: "refs"; slot: number };

/** A file a mapping may be backed by, named the way the report shows it. */
export type FileCandidate =
  | { kind: "dmabuf"; slot: number }
  | { kind: "memfd"; slot: number }
  | { kind: "device"; dev: number };

export interface PlanStep {
  /** 1-based index among the scenario's steps. */
  index: number;
  line: number;
  /** The step as written. */
  text: string;
  /** Index of the acting process in `PlanScenario.processes`. */
  proc: number;
  /** The guest operation, or null when the step stays model-only. */
  op: GuestOp | null;
  /** Why a step stays model-only. */
  reason?: string;
  observe: Observation[];
}

export interface PlanScenario {
  title: string;
  line: number;
  /** Processes: declared ones first (actor order), then those `fork` makes, in step order. */
  processes: string[];
  /** How many of `processes` exist from the start. */
  initial: number;
  devices: GuestDevice[];
  slots: Slot[];
  steps: PlanStep[];
  /** Why no step can run in a guest at all (what-if knobs), if so. */
  modelOnly?: string;
}

/** The observation of a file candidate, as the report and the guest print it. */
export function candidateLabel(c: FileCandidate, sc: PlanScenario): string {
  if (c.kind === "device") return `dev:${sc.devices[c.dev]!.name}`;
  const name = sc.slots[c.slot]!.name;
  return c.kind === "memfd" ? `memfd:${name}` : name;
}

export function guestSteps(sc: PlanScenario): number {
  return sc.steps.filter((s) => s.op !== null).length;
}
