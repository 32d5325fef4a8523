// The verbs that drive moves, pins, fences and dma-buf MRs, written as a
// user writes them: each scenario must pass as written, and changing one
// expected answer must fail it.
import { describe, expect, it } from "vitest";
import { runSource } from "../../src/engine/run.js";
import { generateScenario, generatedSteps, measureModelSteps } from "../../src/engine/bench-steps.js";

const header = (knobs = "") => `kernel linux-6.12${knobs}\nactors {\n  amd: amdgpu\n  pan: panfrost\n  gem: vgem\n  nic: rdma\n  app: process\n}\n`;

const cases: Record<string, string> = {
  "a TTM move zaps the dma-buf and chardev mappings; the next fault maps the new placement": `${header()}steps {
  amd create A size 8K domain vram
  amd export A as D
  app mmap D as M1
  app mmap amd A as M2
  app touch M1 write
  app touch M2 page 1
  amd evict A
  app touch M2 page 1
}
expect {
  A.domain == gtt
  M1.ptes == 0
  M2.ptes == 1
  hazards == none
}
`,
  "a pinned BO refuses a chosen placement and is not picked for eviction": `${header()}steps {
  amd create A size 8K domain vram
  amd pin A
  amd evict A to gtt
  amd evict A
  amd unpin A
  amd evict A to system
}
expect {
  A.domain == cpu
  A.pins == 0
  hazards == none
}
`,
  "the thread's worry: a forwarded mapping outside the exporter's reverse map keeps a stale PTE": `${header(" with forward-mmap=no-file-swap")}steps {
  amd create A size 8K domain gtt
  amd export A as D
  pan import D as B
  app mmap pan B as M
  app touch M
  pan close B
  amd evict A
}
expect {
  hazard stale-pte on M
  M.mapping != D.mapping
}
`,
  "vgem fences conflict until signalled": `${header()}steps {
  gem create B size 8K
  gem fence B write as F
  gem fence B => EBUSY
  gem fence B write => EBUSY
  gem signal F
  gem signal F => ENOENT
  gem fence B as R
}
expect {
  hazards == none
}
`,
  "a pinned dma-buf MR holds the exporter in GTT until dereg": `${header()}steps {
  amd create A size 8K domain vram
  amd export A as D
  nic reg-dmabuf-mr D as R
  amd evict A to vram
  nic dereg R
  amd evict A to vram
}
expect {
  A.domain == vram
  A.pins == 0
  D.attachments == 0
  hazards == none
}
`,
  "a dynamic dma-buf MR is told of a move when move_notify is on": `${header(" with move-notify=on")}steps {
  amd create A size 8K domain vram
  amd export A as D
  nic reg-dmabuf-mr D dynamic as R
  amd evict A to vram
}
expect {
  R.valid == false
  A.pins == 0
  hazards == none
}
`,
};

describe("scenarios of moves, pins, fences and dma-buf MRs", () => {
  for (const [title, body] of Object.entries(cases)) {
    it(title, () => {
      const r = runSource(`scenario "${title}"\n${body}`, "t.scn");
      expect(r.diagnostics).toEqual([]);
      const sc = r.scenarios[0]!;
      const bad = [...sc.steps.filter((s) => s.status === "fail").map((s) => `${s.text}: ${s.message}`), ...sc.expectations.filter((e) => e.status === "fail").map((e) => `${e.text}: ${e.actual}`)];
      expect(bad).toEqual([]);
    });
  }

  it("fails when an expected answer changes", () => {
    const body = cases["a pinned BO refuses a chosen placement and is not picked for eviction"]!.replace("A.pins == 0", "A.pins == 1");
    const sc = runSource(`scenario "x"\n${body}`, "t.scn").scenarios[0]!;
    expect(sc.passed).toBe(false);
  });
});

describe("the generated benchmark scenario", () => {
  it("checks and passes at any length", () => {
    const sc = runSource(generateScenario(200), "g.scn").scenarios[0]!;
    expect(sc.steps).toHaveLength(generatedSteps(200));
    expect(sc.passed).toBe(true);
  });

  it("measures model steps", () => {
    const m = measureModelSteps(400);
    expect(m.steps).toBe(generatedSteps(400));
    expect(m.usPerStep).toBeGreaterThan(0);
  });
});
