// The interpreter's share for the process verbs on a dma-buf fd (seek, read,
// sync, set-name) and on a mapping (madvise, mremap, mlock, futex, proc-mem,
// resize): the step's words become the model call's operation
// (language.md verb table; docs/verbs.md).
import type { FdOp, Kernel, MmOp, Pid, Result, Whence } from "../model/index.js";
import type { CheckedStep } from "../check/checked.js";

/** Resolves the step's first operand to its number in the acting process. */
export interface Operand {
  name: string;
  number: () => number;
}

/** The model's answer, or why the step cannot be issued. */
export type SysAnswer = Result<unknown> | { notIssued: string };

export const fdVerbs: ReadonlySet<string> = new Set(["seek", "read", "sync", "set-name"]);
export const mmVerbs: ReadonlySet<string> = new Set(["madvise", "mremap", "mlock", "futex", "proc-mem", "resize"]);

const num = (step: CheckedStep, key: string): number | undefined => {
  const v = step.options.get(key);
  return v?.kind === "number" ? v.value : undefined;
};
const word = (step: CheckedStep, key: string): string | undefined => {
  const v = step.options.get(key);
  return v?.kind === "word" ? v.value : v?.kind === "flags" ? v.values[0] : undefined;
};

function fdOpOf(step: CheckedStep): FdOp {
  const f = step.flags;
  switch (step.spec.verb) {
    case "seek":
      return { op: "seek", whence: (word(step, "to") ?? "set") as Whence, offset: num(step, "offset") ?? 0 };
    case "read":
      return { op: "read" };
    case "sync":
      return { op: "sync", dir: { read: f.has("read"), write: f.has("write") }, end: f.has("end"), badBits: f.has("bogus") };
    default:
      return { op: "set-name", name: "scn" };
  }
}

function mmOpOf(step: CheckedStep): MmOp {
  const page = num(step, "page") ?? 0;
  switch (step.spec.verb) {
    case "madvise":
      return { op: "madvise-dontneed" };
    case "mremap":
      return { op: "mremap-grow", by: num(step, "grow") ?? 0 };
    case "mlock":
      return { op: "mlock" };
    case "futex":
      return { op: "futex-wake", shared: step.flags.has("shared"), page };
    case "proc-mem":
      return { op: "proc-mem", page, write: step.flags.has("write") };
    default:
      return { op: "ftruncate", size: step.size ?? 0 };
  }
}

/** Runs a dma-buf fd verb: a number that names another kind of file is not a dma-buf fd any more. */
export function fdVerb(k: Kernel, pid: Pid, step: CheckedStep, d: Operand): SysAnswer {
  const fd = d.number();
  const r = k.dmaBufFdOp(pid, fd, fdOpOf(step));
  if (r === "not-dma-buf") return { notIssued: `fd ${fd} of \`${d.name}\` now names a file that is not a dma-buf: \`${step.spec.verb}\` stands for a dma-buf fd operation` };
  return r;
}

/** Runs a mapping verb; `resize` needs the memfd behind the mapping. */
export function mmVerb(k: Kernel, pid: Pid, step: CheckedStep, m: Operand): SysAnswer {
  const addr = m.number();
  if (step.spec.verb === "resize" && !k.memfdOfVma(pid, addr)) {
    return { notIssued: `\`${m.name}\` has no memfd behind it: \`resize\` is ftruncate of the memfd of a \`memfd\` mapping` };
  }
  return k.mmOp(pid, addr, mmOpOf(step));
}
