// Which rules of the model a step went through, read off its events: a rule
// id the event names in its detail, else the rule the event's kind stands
// for. Only rules the model registers are named, each with its citation.
import type { KernelEvent } from "../model/api.js";
import { allRules, type Rule } from "../model/index.js";

/** The rule each kind of event stands for, where the event does not name one itself. */
export const EVENT_RULES: Readonly<Record<string, string>> = {
  fork: "fork.copy-files",
  exit: "exit.do-exit",
  bo_create: "amdgpu.gem-create",
  handle_create: "gem.handle-create",
  handle_delete: "gem.release-handle",
  gem_free: "gem.free",
  bo_destroy: "amdgpu.bo-destroy",
  dma_buf_export: "dma-buf.export",
  dma_buf_release: "dma-buf.release",
  prime_handle_to_fd: "prime.export-and-register",
  prime_fd_to_handle: "prime.fd-to-handle",
  attach: "dma-buf.attach",
  detach: "dma-buf.detach",
  map_attachment: "dma-buf.map-attachment",
  fput_final: "fs.fput-release",
  move: "ttm.move-unmap",
  vma_set_file: "mm.vma-set-file",
  mmap: "mm.mmap-region",
  munmap: "mm.remove-vma",
  zap: "mm.unmap-mapping-range",
  memfd_create: "memfd.create",
  udmabuf_pin: "udmabuf.pin-folios",
  heap_alloc: "heap.alloc",
  hmm_range_fault: "amdgpu.userptr-get-pages",
  pin_user_pages: "gup.pin-user-pages",
  reg_mr: "rdma.umem-get",
  dereg_mr: "rdma.umem-release",
  scm_rights: "net.scm-rights",
  lookup: "mm.vma-lookup-dmabuf",
  find_bo: "libdrm.find-bo",
};

let byId: Map<string, Rule> | undefined;
let byCite: Map<string, Rule> | undefined;

function rules(): Map<string, Rule> {
  byId ??= new Map(allRules().map((r) => [r.id, r]));
  return byId;
}

/** The registered rule whose citation is `cite` (the first registered, when several share it). */
export function ruleOfCite(cite: string): Rule | undefined {
  if (!byCite) {
    byCite = new Map();
    for (const r of allRules()) if (!byCite.has(r.cite)) byCite.set(r.cite, r);
  }
  return byCite.get(cite);
}

/** Rule ids named in an event's detail (`… (amdgpu.dma-buf-pin)`, `: mm.vma-set-file`). */
function namedIn(detail: string | undefined): Rule[] {
  if (detail === undefined) return [];
  return (detail.match(/[a-z0-9-]+(?:\.[a-zA-Z0-9-]+)+/g) ?? []).flatMap((w) => rules().get(w) ?? []);
}

/** The rules a list of events went through, in the order first met, each once. */
export function rulesOf(events: readonly KernelEvent[]): Rule[] {
  const out: Rule[] = [];
  const seen = new Set<string>();
  for (const e of events) {
    const named = namedIn(e.detail);
    const fallback = EVENT_RULES[e.what] === undefined ? undefined : rules().get(EVENT_RULES[e.what]!);
    for (const r of named.length > 0 ? named : fallback ? [fallback] : []) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push(r);
    }
  }
  return out;
}
