// Knobs (language.md "Kernel profiles"): each registered as a rule with its
// citation, the language's vocabulary equal to the model's, and what each
// changes: require-pfnmap (a WARN, not an errno: the posted patch), get_dmabuf
// (lookup answers for chardev mappings), forward-mmap (see moves.test.ts),
// move-notify and p2p (see attach.test.ts).
import { describe, expect, it } from "vitest";
import { KNOBS, allRules, knobVocabulary } from "../../src/model/index.js";
import { knobValues, modelledKnobs } from "../../src/check/words.js";
import { setup, val } from "./helpers.js";

describe("knob table", () => {
  it("is the language's vocabulary, every knob modelled and cited", () => {
    expect(knobVocabulary()).toEqual(knobValues);
    expect([...modelledKnobs].sort()).toEqual(Object.keys(KNOBS).sort());
    for (const [name, spec] of Object.entries(KNOBS)) {
      expect(allRules()).toContain(spec.rule);
      expect(spec.rule.knob).toBe(name);
    }
  });

  it("shows the knobs given, sorted, in the snapshot", () => {
    const { k } = setup([], ["app"], { knobs: { p2p: "on", "forward-mmap": "no-file-swap" } });
    expect(k.snapshot(() => undefined).knobs).toEqual({ "forward-mmap": "no-file-swap", p2p: "on" });
  });
});

describe("require-pfnmap: the never-merged check WARNs after ->mmap and changes no answer", () => {
  function maps(on: boolean) {
    const { k, pids: [app] } = setup([["intel", "i915"], ["vg", "vgem"]], ["app"], { knobs: { "require-pfnmap": on ? "on" : "off" } });
    const I = val(k.mmapFd(app!, val(k.primeHandleToFd(app!, "intel", val(k.gemCreate(app!, "intel", 8192))))));
    const V = val(k.mmapFd(app!, val(k.primeHandleToFd(app!, "vg", val(k.gemCreate(app!, "vg", 8192))))));
    return { k, I, V, warns: k.events().filter((e) => e.what === "warn").map((e) => e.detail) };
  }

  it("on: the i915 shmem-swapped mapping (no VM_PFNMAP) WARNs, the vgem one (VM_PFNMAP) does not", () => {
    const { warns } = maps(true);
    expect(warns).toEqual(["knob.require-pfnmap: the exporter's mapping is not VM_PFNMAP"]);
  });

  it("off: nothing", () => {
    expect(maps(false).warns).toEqual([]);
  });
});

describe("get_dmabuf: the never-merged vm_ops->get_dmabuf", () => {
  function world(on: boolean) {
    const { k, pids: [app] } = setup([["amd", "amdgpu"], ["intel", "i915"]], ["app"], { knobs: { get_dmabuf: on ? "on" : "off" } });
    const A = val(k.gemCreate(app!, "amd", 8192));
    const D = val(k.primeHandleToFd(app!, "amd", A));
    const chardev = val(k.mmapDevice(app!, "amd", app!, A));
    const X = val(k.gemCreate(app!, "amd", 8192));
    const unexported = val(k.mmapDevice(app!, "amd", app!, X));
    const I = val(k.gemCreate(app!, "intel", 8192));
    const shmem = val(k.mmapFd(app!, val(k.primeHandleToFd(app!, "intel", I))));
    const anon = val(k.anon(app!, 4096));
    return { k, app: app!, D, chardev, unexported, shmem, anon };
  }

  it("on: a chardev mapping of an exported BO leads to its dma-buf; unexported BOs, shmem and anonymous memory do not", () => {
    const { k, app, D, chardev, unexported, shmem, anon } = world(true);
    expect(val(k.lookup(app, chardev))).toEqual(k.fileOfFd(app, D));
    expect(val(k.lookup(app, unexported))).toBeNull();
    expect(val(k.lookup(app, shmem))).toBeNull();
    expect(val(k.lookup(app, anon))).toBeNull();
  });

  it("off (mainline): only a mapping whose vm_file is the dma-buf leads to it", () => {
    const { k, app, chardev } = world(false);
    expect(val(k.lookup(app, chardev))).toBeNull();
  });
});
