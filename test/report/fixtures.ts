// Hand-made results for reporter and golden tests: the first example of the
// language, as the engine would report it, with knobs to make it fail.
import type { FileResult, ScenarioResult, Snapshot, StepReport } from "../../src/engine/types.js";
import type { Span } from "../../src/syntax/ast.js";

export function span(line: number, column = 3): Span {
  return { startOffset: 0, endOffset: 1, startLine: line, startColumn: column, endLine: line, endColumn: column + 1 };
}

export function snapshot(refs = 4): Snapshot {
  return {
    objects: {
      A: { kind: "gem", refs: 2, domain: "vram" },
      D: { kind: "dma_buf", refs, owner: "dma_buf" },
      M: { kind: "vma", file: "D", flags: ["PFNMAP", "SHARED"], pgoff: 0 },
    },
    hazards: [],
    events: ["export A as D", "mmap D as M: vma_set_file"],
  };
}

export function step(index: number, line: number, text: string, over: Partial<StepReport> = {}): StepReport {
  return { index, span: span(line), text, expected: "ok", observed: { kind: "ok" }, status: "pass", ...over };
}

export function scenario(title: string, over: Partial<ScenarioResult> = {}): ScenarioResult {
  return {
    title,
    span: span(3, 1),
    profile: "linux-6.12",
    tags: [],
    steps: [step(1, 15, "amd create A size 2M domain vram"), step(2, 16, "amd export A as D")],
    expectations: [{ span: span(30), text: "D.refs == 4", status: "pass", actual: "D.refs is 4" }],
    hazards: [],
    snapshot: snapshot(),
    passed: true,
    ...over,
  };
}

export function fileResult(path: string, scenarios: ScenarioResult[], over: Partial<FileResult> = {}): FileResult {
  return { path, source: "", diagnostics: [], scenarios, ...over };
}

/** A step that expected EFAULT and got ok, as in a model regression. */
export const failingStep = step(4, 21, "intel userptr M flags probe as U1 => EFAULT", {
  expected: "EFAULT",
  observed: { kind: "ok" },
  status: "fail",
  message: "expected EFAULT, the model answered ok",
  cite: "drivers/gpu/drm/i915/gem/i915_gem_userptr.c: probe_range",
});

/** A step that expected ok and got EPERM. */
export const epermStep = step(8, 25, "amd userptr M flags anononly|register|validate as U3", {
  expected: "ok",
  observed: { kind: "errno", errno: "EPERM", reason: "vm_file is set on an anononly userptr", cite: "drivers/gpu/drm/amd/amdgpu/amdgpu_gem.c: amdgpu_gem_userptr_ioctl" },
  status: "fail",
});
