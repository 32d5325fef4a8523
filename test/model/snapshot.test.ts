// The snapshot and fields: plain deterministic data, stable key order, labels
// from the caller first, freed objects as refs 0, reverse-map intervals.
import { describe, expect, it } from "vitest";
import { Kernel, type ObjRef, fieldSchema } from "../../src/model/index.js";
import { setup, val } from "./helpers.js";

function run() {
  const { k, pids: [app] } = setup([["amd", "amdgpu"], ["pan", "panfrost"]]);
  k.beginStep(1);
  const A = val(k.gemCreate(app!, "amd", 8192, "vram"));
  k.beginStep(2);
  const D = val(k.primeHandleToFd(app!, "amd", A));
  k.beginStep(3);
  const M = val(k.mmapFd(app!, D));
  k.beginStep(4);
  const B = val(k.primeFdToHandle(app!, "pan", D));
  k.beginStep(5);
  const M2 = val(k.mmapDevice(app!, "pan", app!, B));
  k.beginStep(6);
  const X = val(k.gemCreate(app!, "amd", 4096));
  const XG = k.gemOfHandle(app!, "amd", X)!;
  val(k.gemClose(app!, "amd", X));
  k.finish();
  const names = new Map<string, string>([
    [JSON.stringify(k.fileOfFd(app!, D)), "D"],
    [JSON.stringify(k.gemOfHandle(app!, "amd", A)), "A"],
    [JSON.stringify(k.vmaAt(app!, M)), "M"],
    [JSON.stringify(k.vmaAt(app!, M2)), "M2"],
    [JSON.stringify(XG), "X"],
  ]);
  return { k, label: (r: ObjRef) => names.get(JSON.stringify(r)) };
}

describe("snapshot", () => {
  it("is deterministic and JSON-compatible", () => {
    const a = run();
    const b = run();
    const sa = JSON.stringify(a.k.snapshot(a.label));
    expect(sa).toBe(JSON.stringify(b.k.snapshot(b.label)));
    expect(JSON.parse(sa)).toEqual(a.k.snapshot(a.label));
  });

  it("has the documented top-level keys, labels and renderings", () => {
    const { k, label } = run();
    const s = k.snapshot(label) as Record<string, any>;
    expect(Object.keys(s)).toEqual(["profile", "knobs", "objects", "mappings", "hazards", "events"]);
    expect(s.profile).toBe("linux-6.12");
    expect(s.objects.D).toMatchObject({ kind: "file", type: "dma-buf", refs: 8, mapping: "mapping(amd)", owner: "amdgpu" });
    expect(s.objects.A).toMatchObject({ kind: "gem", domain: "gtt", pins: 1, exported: "D" });
    expect(s.objects.M).toMatchObject({ kind: "vma", file: "D", pgoff: "0x100000", start: "0x7effffffe000" });
    expect(s.objects.M2.file).toBe("D");
    expect(s.objects.X).toEqual({ kind: "gem", refs: 0 });
    expect(s.objects["drm-file(amd,app)"]).toMatchObject({ kind: "file", type: "drm" });
    expect(s.mappings["mapping(amd)"]).toEqual([
      { vma: "M", first: "0x100000", last: "0x100001" },
      { vma: "M2", first: "0x100000", last: "0x100001" },
    ]);
    expect(s.hazards).toEqual([]);
    expect(s.events[0]).toMatch(/^0 process_create /);
    expect(s.events.some((e: any) => /^5 vma_set_file /.test(e))).toBe(true);
  });

  it("fieldsOf lists the documented fields", () => {
    expect(Kernel.fieldsOf("vma")).toEqual(expect.arrayContaining(["file", "pgoff", "flags", "ptes", "mapping", "owner", "start", "end", "private"]));
    expect(Kernel.fieldsOf("file")).toEqual(expect.arrayContaining(["refs", "mapping", "owner", "mode", "size", "exp_name", "attachments"]));
    expect(Kernel.fieldsOf("gem")).toEqual(expect.arrayContaining(["refs", "ttm_refs", "handles", "domain", "size", "pins", "exported", "imported", "userptr", "valid"]));
    expect(Kernel.fieldsOf("mr")).toEqual(expect.arrayContaining(["pins", "valid", "refs"]));
    expect(Kernel.fieldsOf("process")).toEqual(expect.arrayContaining(["fds", "vmas"]));
  });

  it("fieldsOf agrees with the checker's fieldSchema for every kind", () => {
    for (const kind of Object.keys(fieldSchema) as (keyof typeof fieldSchema)[]) {
      expect([...Kernel.fieldsOf(kind)].sort(), kind).toEqual(Object.keys(fieldSchema[kind]).sort());
    }
  });

  it("knobs are kept and shown in sorted order", () => {
    const k = new Kernel({ knobs: { z: "1", a: "2" } });
    expect(Object.keys(k.snapshot(() => undefined).knobs as object)).toEqual(["a", "z"]);
  });
});
