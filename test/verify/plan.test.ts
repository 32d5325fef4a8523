import { describe, expect, it } from "vitest";
import { fixture, scenario } from "./helpers.js";

describe("the verification plan", () => {
  const [guest, gpu] = fixture();

  it("translates every guest step kind into its operation", () => {
    const ops = guest!.plan.steps.map((s) => s.op?.op ?? `model-only: ${s.reason}`);
    expect(ops).toEqual([
      "dumb-create", "export", "import", "fence-attach", "fence-signal", "memfd", "udmabuf-create", "heap-alloc",
      "mmap-fd", "mmap-dev", "anon", "pin-longterm", "pin", expect.stringMatching(/^model-only: gup with write intent on a read-only mapping/),
      "touch", "send", "fork", "close-fd", "munmap", "close-dev", "exit",
    ]);
  });

  it("numbers processes: declared ones first, then forked ones", () => {
    expect(guest!.plan.processes).toEqual(["app", "other", "kid"]);
    expect(guest!.plan.initial).toBe(2);
    const fork = guest!.plan.steps.find((s) => s.op?.op === "fork")!;
    expect(fork.op).toEqual({ op: "fork", child: 2 });
  });

  it("observes a new mapping's flags, file and pgoff, and the refs of open dma-bufs", () => {
    const mmap = guest!.plan.steps.find((s) => s.op?.op === "mmap-fd")!;
    const slots = guest!.plan.slots.map((s) => s.name);
    const seen = mmap.observe.map((o) => `${o.kind}:${slots[o.slot]}`);
    expect(seen).toEqual(["vma:M1", "refs:D", "refs:U", "refs:H"]);
    const vma = mmap.observe[0]!;
    expect(vma.kind === "vma" && vma.candidates.map((c) => c.kind)).toEqual(["dmabuf", "dmabuf", "dmabuf", "memfd", "device"]);
  });

  it("stops observing a dma-buf its process closed", () => {
    const kidClose = guest!.plan.steps.find((s) => s.op?.op === "close-fd")!;
    const slots = guest!.plan.slots.map((s) => s.name);
    expect(kidClose.observe.map((o) => slots[o.slot])).toEqual(["U", "H"]);
  });

  it("translates the mm system calls and the memlock limits, and keeps an unprivileged long-term pin model-only", () => {
    const steps = [
      "app anon 16K as M", "app anon 16K as N", "app madvise M dontneed", "app mlock M", "app mremap M grow 4K", "app futex M shared",
      "app proc-mem M write", "app setrlimit memlock 64K", "app drop-cap ipc_lock", "app pin M longterm", "app fork as kid", "kid pin N longterm",
    ];
    const sc = scenario(`scenario "t"\nactors {\n  app: process\n}\nsteps {\n${steps.map((s) => `  ${s}`).join("\n")}\n}\n`);
    expect(sc.plan.steps.map((s) => s.op?.op ?? s.reason)).toEqual([
      "anon", "anon", "madvise-dontneed", "mlock", "mremap-grow", "futex-wake", "proc-mem", "setrlimit-memlock", "drop-cap-ipc-lock",
      expect.stringMatching(/^pin longterm without CAP_IPC_LOCK/), "fork", expect.stringMatching(/^pin longterm without CAP_IPC_LOCK/),
    ]);
  });

  it("translates the dma-buf fd operations and a memfd resize", () => {
    const steps = [
      "heap alloc D size 8K", "app seek D to end", "app read D", "app sync D read write bogus", "app set-name D",
      "app memfd 8K seal shrink as M", "app resize M 16K", "app export-sync D write as S", "app import-sync D from S",
    ];
    const sc = scenario(`scenario "t"\nactors {\n  heap: dma-heap\n  app: process\n}\nsteps {\n${steps.map((s) => `  ${s}`).join("\n")}\n}\n`);
    expect(sc.plan.steps.map((s) => s.op)).toEqual([
      expect.objectContaining({ op: "heap-alloc" }),
      { op: "seek", dmabuf: 0, whence: "end", offset: 0 },
      { op: "read", dmabuf: 0 },
      { op: "sync", dmabuf: 0, read: true, write: true, end: false, bogus: true },
      { op: "set-name", dmabuf: 0 },
      expect.objectContaining({ op: "memfd" }),
      { op: "resize", vma: 1, size: 16384 },
      { op: "export-sync", dmabuf: 0, sync: 2, write: true },
      { op: "import-sync", dmabuf: 0, from: 2, write: false },
    ]);
  });

  it("keeps a second vgem actor's steps model-only: the guest has one vgem device", () => {
    const sc = scenario('scenario "t"\nactors {\n  gem: vgem\n  other: vgem\n  app: process\n}\nsteps {\n  gem create A size 4K\n  gem export A as D\n  other import D as B\n  other close B\n}\n');
    const reasons = sc.plan.steps.map((s) => s.reason ?? s.op?.op);
    expect(reasons).toEqual([
      "dumb-create", "export",
      expect.stringMatching(/^other: the guest has one device of its kind, so it would be gem again/),
      expect.stringMatching(/^other: the guest has one device of its kind/),
    ]);
  });

  it("keeps a GPU's steps model-only, with the device as the reason, and what they made", () => {
    const reasons = gpu!.plan.steps.map((s) => s.reason ?? "guest");
    expect(reasons[0]).toMatch(/^amdgpu: no AMD GPU in the guest/);
    expect(reasons[2]).toBe("uses D, which a model-only step made (line 41)");
    expect(reasons[3]).toBe("guest");
    expect(reasons[4]).toMatch(/^pin longterm read: io_uring registers buffers with FOLL_WRITE/);
    expect(reasons[5]).toMatch(/^lookup: no system call/);
  });

  it("makes a scenario with what-if knobs wholly model-only", () => {
    const sc = scenario(`scenario "k"\nkernel linux-6.12 with move-notify=on\nactors {\n  app: process\n}\nsteps {\n  app anon 4K as M\n}\n`);
    expect(sc.plan.modelOnly).toMatch(/what-if knobs \(move-notify=on\)/);
    expect(sc.plan.steps.every((s) => s.op === null)).toBe(true);
  });

  it("does not observe a name whose step is written to fail", () => {
    const sc = scenario(`scenario "s"\nactors {\n  ub: udmabuf\n  app: process\n}\nsteps {\n  app memfd 8K as M\n  ub create D from M => EINVAL\n  app anon 4K as N\n}\n`);
    expect(sc.plan.steps[2]!.observe.map((o) => o.kind)).toEqual(["vma"]);
  });
});
