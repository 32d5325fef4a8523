// The verification plan as one C program: the runtime, then per scenario its
// named constants (slots, devices, processes), one `case` per guest step
// with the step's `.scn` line as a comment, the schedule of who acts, and
// the scenario table that main() runs. Deterministic: same plan, same text.
import { C_COORDINATOR } from "./c-coordinator.js";
import { C_OBSERVE } from "./c-observe.js";
import { C_OPS } from "./c-ops.js";
import { C_HEADER, C_RUNTIME } from "./c-runtime.js";
import type { FileCandidate, GuestOp, Observation, PlanScenario, PlanStep } from "./plan-types.js";

/** A scenario to emit, with the file it comes from (for comments). */
export interface EmitInput {
  path: string;
  plan: PlanScenario;
}

/** The build command a reader runs by hand; verify runs the same. */
export const GCC_ARGS = ["-static", "-O1", "-w", "-I/usr/include/libdrm"];

/** Constant names of one scenario: slots, devices, processes, each unique C identifiers. */
class Names {
  readonly slot: string[];
  readonly dev: string[];
  readonly proc: string[];
  constructor(readonly k: number, sc: PlanScenario) {
    const used = new Set<string>();
    const ident = (prefix: string, name: string, i: number) => {
      let id = `${prefix}${k}_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
      if (used.has(id)) id = `${id}_${i}`;
      used.add(id);
      return id;
    };
    this.slot = sc.slots.map((s, i) => ident("S", s.name, i));
    this.dev = sc.devices.map((d, i) => ident("D", d.name, i));
    this.proc = sc.processes.map((p, i) => ident("P", p, i));
  }
}

/** An ioctl flag word as C writes it: `0`, or the bits in hex. */
const hexFlag = (bits: number) => (bits === 0 ? "0" : `0x${bits.toString(16)}u`);
const cString = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
const comment = (s: string) => s.replace(/\*\//g, "* /");
const SEALS: Record<string, string> = { shrink: "F_SEAL_SHRINK", grow: "F_SEAL_GROW", write: "F_SEAL_WRITE", seal: "F_SEAL_SEAL" };
const DEV_KIND: Record<string, string> = { vgem: "DEV_VGEM", udmabuf: "DEV_UDMABUF", "dma-heap": "DEV_DMA_HEAP" };

/** The C statements of each phase of a guest step. */
function phases(op: GuestOp, n: Names, index: number): { pre?: string; main: string; post?: string } {
  const s = (i: number) => n.slot[i]!;
  const d = (i: number) => n.dev[i]!;
  switch (op.op) {
    case "dumb-create": return { main: `op_dumb_create(${d(op.dev)}, ${s(op.bo)}, ${op.size});` };
    case "export": return { main: `op_export(${d(op.dev)}, ${s(op.bo)}, ${s(op.dmabuf)}, ${op.readonly ? 1 : 0}, ${hexFlag(op.extraFlags)});` };
    case "import": return { main: `op_import(${d(op.dev)}, ${s(op.dmabuf)}, ${s(op.bo)});` };
    case "gem-close": return { main: `op_gem_close(${d(op.dev)}, ${s(op.bo)});` };
    case "fence-attach": return { main: `op_fence_attach(${d(op.dev)}, ${s(op.bo)}, ${s(op.fence)}, ${op.write ? 1 : 0});` };
    case "fence-signal": return { main: `op_fence_signal(${d(op.dev)}, ${s(op.fence)});` };
    case "udmabuf-create": return { main: `op_udmabuf_create(${d(op.dev)}, ${s(op.from)}, ${s(op.dmabuf)}, ${op.offset}, ${op.len ?? -1}, ${hexFlag(op.extraFlags)});` };
    case "heap-alloc": return { main: `op_heap_alloc(${d(op.dev)}, ${s(op.dmabuf)}, ${op.size}, ${op.readonly ? 1 : 0}, ${hexFlag(op.extraFdFlags)}, ${op.heapFlags});` };
    case "mmap-fd": return { main: `op_mmap_fd(${s(op.dmabuf)}, ${s(op.vma)}, ${op.offset}, ${op.len ?? -1}, ${op.readonly ? 1 : 0}, ${op.private ? 1 : 0});` };
    case "mmap-dev": return { pre: `op_map_dumb(${d(op.dev)}, ${s(op.bo)});`, main: `op_mmap_dev(${d(op.dev)}, ${s(op.vma)}, ${op.offset}, ${op.len ?? -1}, ${op.readonly ? 1 : 0}, ${op.private ? 1 : 0});` };
    case "anon": return { main: `op_anon(${s(op.vma)}, ${op.size}, ${op.readonly ? 1 : 0});` };
    case "memfd": return { main: `op_memfd(${s(op.vma)}, ${op.size}, ${op.seals.map((x) => SEALS[x]).join(" | ") || 0});` };
    case "pin-longterm": return { main: `op_pin_longterm(${s(op.vma)});` };
    case "pin": return { main: `op_pin(${s(op.vma)}, ${op.write ? 1 : 0});` };
    case "gup": return { main: `op_gup(${s(op.vma)});` };
    case "touch": return { main: `op_touch(${s(op.vma)}, ${op.page}, ${op.write ? 1 : 0});` };
    case "proc-mem": return { main: `op_proc_mem(${s(op.vma)}, ${op.page}, ${op.write ? 1 : 0});` };
    case "seek": return { main: `op_seek(${s(op.dmabuf)}, SEEK_${op.whence.toUpperCase()}, ${op.offset});` };
    case "read": return { main: `op_read(${s(op.dmabuf)});` };
    case "sync": {
      const bits = [op.read && "DMA_BUF_SYNC_READ", op.write && "DMA_BUF_SYNC_WRITE", op.end ? "DMA_BUF_SYNC_END" : "DMA_BUF_SYNC_START", op.bogus && "SYNC_UNDEFINED_FLAG"];
      return { main: `op_sync(${s(op.dmabuf)}, ${bits.filter(Boolean).join(" | ")});` };
    }
    case "set-name": return { main: `op_set_name(${s(op.dmabuf)});` };
    case "export-sync": return { main: `op_export_sync(${s(op.dmabuf)}, ${s(op.sync)}, ${op.write ? 1 : 0});` };
    case "import-sync": return { main: `op_import_sync(${s(op.dmabuf)}, ${s(op.from)}, ${op.write ? 1 : 0});` };
    case "resize": return { main: `op_resize(${s(op.vma)}, ${op.size});` };
    case "setrlimit-memlock": return { main: `op_setrlimit_memlock(${op.bytes});` };
    case "drop-cap-ipc-lock": return { main: "op_drop_cap_ipc_lock();" };
    case "madvise-dontneed": return { main: `op_madvise_dontneed(${s(op.vma)});` };
    case "mlock": return { main: `op_mlock(${s(op.vma)});` };
    case "mremap-grow": return { main: `op_mremap_grow(${s(op.vma)}, ${op.by});` };
    case "futex-wake": return { main: `op_futex_wake(${s(op.vma)}, ${op.page}, ${op.shared ? 1 : 0});` };
    case "munmap": return { main: `op_munmap(${s(op.vma)});` };
    case "close-fd": return { main: `op_close_fd(${s(op.dmabuf)});` };
    case "close-dev": return { main: `op_close_dev(${d(op.dev)});` };
    case "send": return { main: `op_send(${s(op.dmabuf)}, ${n.proc[op.to]});`, post: `op_receive(${s(op.as)}, ${op.as !== op.dmabuf ? 1 : 0});` };
    case "fork": return { main: `op_fork(${n.proc[op.child]});` };
    case "exit": return { main: `op_exit(${index});` };
  }
}

function candName(c: FileCandidate, n: Names): string {
  if (c.kind === "device") return `{ .kind = CAND_DEVICE, .index = ${n.dev[c.dev]} }`;
  return `{ .kind = ${c.kind === "memfd" ? "CAND_MEMFD" : "CAND_DMABUF"}, .index = ${n.slot[c.slot]} }`;
}

function report(step: PlanStep, obs: Observation[], n: Names): string[] {
  const lines = [`report_outcome(${step.index});`];
  for (const o of obs) {
    if (o.kind === "refs") lines.push(`report_refs(${step.index}, ${n.slot[o.slot]});`);
    else lines.push(`report_vma(${step.index}, ${n.slot[o.slot]}, s${n.k}_files_${step.index}, ${o.candidates.length});`);
  }
  return lines;
}

function stepCase(step: PlanStep, n: Names): string[] {
  const p = phases(step.op!, n, step.index);
  const out = [`\tcase ${step.index}: /* line ${step.line}: ${comment(step.text)} */`];
  const branch = (phase: string, code: string[]) => out.push(`\t\tif (phase == ${phase}) {`, ...code.map((c) => `\t\t\t${c}`), `\t\t}`);
  if (p.pre) branch("PH_PRE", [p.pre]);
  branch("PH_MAIN", [p.main]);
  if (p.post) branch("PH_POST", [p.post]);
  if (step.op!.op !== "exit") branch("PH_REPORT", report(step, step.observe, n));
  out.push("\t\tbreak;");
  return out;
}

function schedule(step: PlanStep, n: Names): string {
  const at = `[${step.index - 1}]`;
  if (!step.op) return `\t${at} = { .proc = -1 }, /* line ${step.line}: model-only: ${comment(step.reason ?? "")} */`;
  const op = step.op;
  const pre = op.op === "mmap-dev" ? n.proc[op.holder] : "-1";
  const post = op.op === "send" ? n.proc[op.to] : "-1";
  const forks = op.op === "fork" ? n.proc[op.child] : "-1";
  return `\t${at} = { .proc = ${n.proc[step.proc]}, .pre = ${pre}, .post = ${post}, .forks = ${forks}, .exits = ${op.op === "exit" ? 1 : 0} }, /* line ${step.line} */`;
}

function enumOf(names: readonly string[]): string {
  return names.length === 0 ? "" : `enum { ${names.join(", ")} };`;
}

function scenarioCode(input: EmitInput, k: number): { code: string; entry: string } {
  const sc = input.plan;
  const n = new Names(k, sc);
  const out: string[] = [`/* Scenario ${k}: ${comment(sc.title)} (${comment(input.path)}:${sc.line}) */`];
  out.push(enumOf(n.slot), enumOf(n.dev), enumOf(n.proc));
  out.push(`static const char *const s${k}_slot_names[] = { ${sc.slots.map((s, i) => `[${n.slot[i]}] = ${cString(s.name)}`).join(", ")} };`);
  out.push(`static const struct device s${k}_devices[] = { ${sc.devices.map((d, i) => `[${n.dev[i]}] = { .name = ${cString(d.name)}, .kind = ${DEV_KIND[d.kind]} }`).join(", ")} };`);
  for (const step of sc.steps) {
    const vma = step.observe.find((o) => o.kind === "vma");
    if (vma?.kind === "vma") out.push(`static const struct cand s${k}_files_${step.index}[] = { ${vma.candidates.map((c) => candName(c, n)).join(", ")} };`);
  }
  out.push(`static const struct sched s${k}_sched[] = {`, ...sc.steps.map((s) => schedule(s, n)), "};");
  out.push(`static void s${k}_step(int step, int phase)`, "{", "\tswitch (step) {");
  for (const step of sc.steps) if (step.op) out.push(...stepCase(step, n));
  out.push("\t}", "}");
  const entry = `\t{ .title = ${cString(sc.title)}, .nproc = ${sc.processes.length}, .ninit = ${sc.initial}, .ndev = ${sc.devices.length}, .nslot = ${sc.slots.length}, .nstep = ${sc.steps.length},
\t  .devices = s${k}_devices, .slot_names = s${k}_slot_names, .sched = s${k}_sched, .step = s${k}_step },`;
  return { code: out.filter((l) => l !== "").join("\n"), entry };
}

function banner(paths: string[]): string {
  return `/*
 * Generated by dmabuf-scn from ${comment([...new Set(paths)].join(", "))}.
 * The steps of each scenario that a Linux guest can perform, as raw uapi
 * ioctls and system calls (headers: libdrm-dev's drm.h and drm_mode.h,
 * linux-libc-dev's linux/ headers); steps that stay model-only are listed in
 * each schedule with the reason.
 *
 * Build: gcc ${GCC_ARGS.join(" ")} -o scn-verify THIS_FILE.c
 * Run as root on a kernel with vgem (modprobe vgem), udmabuf and the system
 * dma-heap. Output: "K release version", then per scenario "S n", one line
 * "R scenario step what answer" per answer, and "E n".
 */
`;
}

/** The whole program for a batch of scenarios, numbered from 1 in order. */
export function emitProgram(inputs: readonly EmitInput[]): string {
  const parts = inputs.map((input, i) => scenarioCode(input, i + 1));
  return [
    banner(inputs.map((i) => i.path)),
    C_HEADER,
    C_RUNTIME,
    C_OPS,
    C_OBSERVE,
    ...parts.map((p) => `${p.code}\n`),
    `static const struct scenario scenarios[] = {\n${parts.map((p) => p.entry).join("\n")}\n};`,
    C_COORDINATOR,
  ].join("\n");
}
