// Knobs: what-if switches on top of a profile (language.md "Kernel
// profiles"). Each knob stands for one configuration option or one posted
// change, is registered as a rule with its citation, and resolves to a typed
// value the model consults. A knob not given keeps the profile's behaviour.
import type { Profile } from "./api.js";
import { type Rule, rule } from "./rules.js";

export type ForwardMmap = "mainline" | "no-pgoff-translate" | "no-file-swap";

export interface Knobs {
  /** the knobs as written, for the snapshot */
  given: Record<string, string>;
  forwardMmap: ForwardMmap;
  /** CONFIG_DMABUF_MOVE_NOTIFY (<= 6.12; the symbol is gone in 7.2) */
  moveNotify: boolean;
  requirePfnmap: boolean;
  getDmabuf: boolean;
  p2p: boolean;
}

interface KnobSpec {
  values: readonly string[];
  rule: Rule;
}

export const KNOBS: Readonly<Record<string, KnobSpec>> = {
  "forward-mmap": {
    values: ["mainline", "no-pgoff-translate", "no-file-swap"],
    rule: rule("knob.forward-mmap", "drivers/dma-buf/dma-buf.c: dma_buf_mmap", "all",
      "what-if for an importer's forwarded mmap: mainline swaps vm_file (vma_set_file) and translates vm_pgoff into the exporter's fake-offset space; no-pgoff-translate swaps the file but leaves the importer's pgoff; no-file-swap translates the pgoff but leaves the importer's file (and so its reverse map)",
      "forward-mmap"),
  },
  "move-notify": {
    values: ["on", "off"],
    rule: rule("knob.move-notify", "drivers/dma-buf/dma-buf.c: dma_buf_map_attachment", ["linux-5.10", "linux-6.1", "linux-6.12"],
      "CONFIG_DMABUF_MOVE_NOTIFY (Kconfig default n, Debian off): when off, mapping a dynamic exporter pins it for dynamic importers too; when on, dynamic importers rely on move_notify. 7.2 has no such option (no effect there)",
      "move-notify"),
  },
  "require-pfnmap": {
    values: ["on", "off"],
    rule: rule("knob.require-pfnmap", "drivers/dma-buf/dma-buf.c: dma_buf_mmap_internal", "all",
      "Vetter's never-merged \"dma-buf: Require VM_PFNMAP vma for mmap\" (<20221122170801.842766-1-daniel.vetter@ffwll.ch>): after the exporter's ->mmap, a VMA without VM_PFNMAP gets WARN_ON_ONCE; the mmap still returns the exporter's answer",
      "require-pfnmap"),
  },
  get_dmabuf: {
    values: ["on", "off"],
    rule: rule("knob.get-dmabuf", "include/linux/mm.h: vm_operations_struct", "all",
      "the never-merged vm_ops->get_dmabuf idea (Vetter, 2020-09-17 thread): every GEM/TTM and dma-buf vm_ops answers the dma-buf behind the VMA, so lookup also answers for chardev mappings of exported or imported objects",
      "get_dmabuf"),
  },
  p2p: {
    values: ["on", "off"],
    rule: rule("knob.p2p", "drivers/gpu/drm/amd/amdgpu/amdgpu_dma_buf.c: amdgpu_dma_buf_attach", "all",
      "whether pci_p2pdma_distance finds a peer-to-peer path between amdgpu and the importing device (off: attach->peer2peer is cleared and VRAM is never mapped for the importer)",
      "p2p"),
  },
};

/** The model's default for CONFIG_DMABUF_MOVE_NOTIFY: off in every profile that has it. */
function defaultMoveNotify(_p: Profile): boolean {
  return false;
}

export function resolveKnobs(profile: Profile, given: Record<string, string>): Knobs {
  const on = (k: string, dflt: boolean) => (given[k] === undefined ? dflt : given[k] === "on");
  return {
    given: { ...given },
    forwardMmap: (given["forward-mmap"] as ForwardMmap | undefined) ?? "mainline",
    moveNotify: on("move-notify", defaultMoveNotify(profile)),
    requirePfnmap: on("require-pfnmap", false),
    getDmabuf: on("get_dmabuf", false),
    p2p: on("p2p", false),
  };
}

/** Knob names and values, as the language's vocabulary lists them. */
export function knobVocabulary(): Record<string, readonly string[]> {
  return Object.fromEntries(Object.entries(KNOBS).map(([k, v]) => [k, v.values]));
}
