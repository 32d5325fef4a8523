// The object graph at the end of a run — processes, files (dma-bufs, drm
// files, memfds), BOs with their dma-bufs and attachments, VMAs, MRs and the
// address spaces VMAs are linked into — as plain text for a mail, as DOT,
// or as Mermaid. The reverse maps are listed by page interval, so a reader
// sees at a glance which mappings one unmap_mapping_range reaches.
import { fieldSchema, type ObjRef } from "../model/api.js";
import type { Snapshot, SnapshotValue } from "../engine/types.js";
import { objectsOf, show, wrap, type Obj } from "./explain-text.js";

type Interval = { vma: string; first: string; last: string };

/** Kernel names of the fields that point at another object. */
function edgeName(kind: string, field: string): string {
  if (field === "file") return "vm_file";
  if (field === "mapping") return kind === "vma" ? "i_mmap" : "f_mapping";
  if (field === "exported") return "dma_buf";
  if (field === "process") return kind === "vma" ? "vm_mm" : "owner";
  return field;
}

const SECTIONS: [string, string][] = [
  ["process", "processes"], ["file", "files"], ["gem", "buffer objects"], ["vma", "VMAs"], ["mr", "memory regions"],
];
const SHOWN: Record<string, string[]> = {
  process: ["fds", "vmas"],
  file: ["type", "owner", "refs", "mapping", "handles", "mode"],
  gem: ["device", "domain", "size", "refs", "ttm_refs", "handles", "pins", "exported", "imported", "userptr", "valid"],
  vma: ["process", "start", "end", "file", "pgoff", "mapping", "private", "ptes", "flags"],
  mr: ["process", "pins", "valid"],
};
const FLAGS_SHOWN = new Set(["PFNMAP", "IO", "MIXEDMAP", "SHARED"]);

/** Live attachments by dma-buf label, from the event log (`attach D: pan static`, `detach D: pan`). */
export function attachmentsOf(state: Snapshot): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of (state.events ?? []) as string[]) {
    const m = /^\d+ (attach|detach) (\S+): (\S+)(?: (\S+))?/.exec(line);
    if (!m) continue;
    const list = out.get(m[2]!) ?? [];
    const at = list.findIndex((a) => a === m[3] || a.startsWith(`${m[3]} (`));
    if (m[1] === "attach") list.push(m[4] ? `${m[3]} (${m[4]})` : m[3]!);
    else if (at >= 0) list.splice(at, 1);
    out.set(m[2]!, list);
  }
  return out;
}

function fieldText(kind: string, f: string, v: SnapshotValue | undefined): string | undefined {
  if (v === undefined || v === null || v === false) return undefined;
  if (f === "flags" && Array.isArray(v)) {
    const shown = v.filter((x) => typeof x === "string" && FLAGS_SHOWN.has(x));
    return shown.length === 0 ? undefined : `flags ${shown.join("|")}`;
  }
  if (v === true) return f;
  const isRef = fieldSchema[kind as ObjRef["kind"]]?.[f] === "object";
  return `${isRef ? edgeName(kind, f) : f} ${show(v)}`;
}

function objectLine(label: string, o: Obj, attachments: string[] | undefined): string {
  const kind = String(o.kind);
  if (o.refs === 0) return `${label}: freed`;
  const start = typeof o.start === "string" && typeof o.end === "string" ? `${o.start}-${o.end}` : undefined;
  const fields = (SHOWN[kind] ?? []).filter((f) => f !== "start" && f !== "end").flatMap((f) => fieldText(kind, f, o[f]) ?? []);
  if (start) fields.splice(1, 0, start);
  if (attachments && attachments.length > 0) fields.push(`attachments ${attachments.join(", ")}`);
  return `${label}: ${fields.join(", ")}`;
}

/** The reverse maps: per address space, its VMAs grouped by page interval. */
function reverseMapLines(state: Snapshot, objects: Record<string, Obj>): string[] {
  const maps = (state.mappings ?? {}) as Record<string, Interval[]>;
  const lines: string[] = [];
  for (const [space, entries] of Object.entries(maps)) {
    lines.push(`    ${space}`);
    const groups = new Map<string, string[]>();
    for (const e of entries) {
      const key = `${e.first}-${e.last}`;
      const file = objects[e.vma]?.file;
      groups.set(key, [...(groups.get(key) ?? []), `${e.vma} (vm_file ${show(file)})`]);
    }
    for (const [interval, vmas] of groups) lines.push(...wrap(`      pages ${interval}: ${vmas.join(", ")}`, "        "));
  }
  return lines.length === 0 ? ["    none: no VMA is linked into an address space"] : lines;
}

/** The object graph as text: objects by kind, then the reverse maps. */
export function graphLines(state: Snapshot): string[] {
  const objects = objectsOf(state);
  const attachments = attachmentsOf(state);
  const out = ["object graph at the end:"];
  for (const [kind, title] of SECTIONS) {
    const entries = Object.entries(objects).filter(([, o]) => o.kind === kind);
    if (entries.length === 0) continue;
    out.push(`  ${title}`);
    for (const [label, o] of entries) out.push(...wrap(`    ${objectLine(label, o, attachments.get(label))}`, "        "));
  }
  out.push("  reverse maps (address space: page interval -> VMAs)", ...reverseMapLines(state, objects));
  return out;
}

const KIND_NAMES: Record<string, string> = { gem: "bo", mapping: "address_space" };

/** A node's text: its kind and label, then its fields that do not point at another node. */
function nodeLabel(label: string, o: Obj, attachments: string[] | undefined): string {
  const kind = String(o.kind);
  const head = `${KIND_NAMES[kind] ?? kind} ${label}`;
  if (o.refs === 0) return `${head}\nfreed`;
  const plain = (SHOWN[kind] ?? []).filter((f) => fieldSchema[kind as ObjRef["kind"]]?.[f] !== "object" && f !== "start" && f !== "end");
  const fields = plain.flatMap((f) => fieldText(kind, f, o[f]) ?? []);
  if (typeof o.start === "string" && typeof o.end === "string") fields.unshift(`${o.start}-${o.end}`);
  if (attachments && attachments.length > 0) fields.push(`attachments ${attachments.join(", ")}`);
  return [head, ...fields].join("\n");
}

/** Nodes and edges of the graph, for DOT and Mermaid. */
export interface Graph {
  nodes: { id: string; label: string; kind: string; freed: boolean }[];
  edges: { from: string; to: string; label: string }[];
}

export function graphOf(state: Snapshot): Graph {
  const objects = objectsOf(state);
  const attachments = attachmentsOf(state);
  const intervals = new Map<string, string>();
  for (const entries of Object.values((state.mappings ?? {}) as Record<string, Interval[]>)) {
    for (const e of entries) intervals.set(e.vma, `${e.first}-${e.last}`);
  }
  const g: Graph = { nodes: [], edges: [] };
  for (const [label, o] of Object.entries(objects)) {
    const kind = String(o.kind);
    g.nodes.push({ id: label, label: nodeLabel(label, o, attachments.get(label)), kind, freed: o.refs === 0 });
    for (const [f, v] of Object.entries(o)) {
      if (fieldSchema[kind as ObjRef["kind"]]?.[f] !== "object" || typeof v !== "string" || objects[v] === undefined) continue;
      const name = edgeName(kind, f);
      const from = f === "process" ? v : label;
      const to = f === "process" ? label : v;
      const extra = name === "i_mmap" && intervals.has(label) ? ` ${intervals.get(label)}` : "";
      g.edges.push({ from, to, label: f === "process" ? (kind === "vma" ? "mm" : "owns") : `${name}${extra}` });
    }
  }
  return g;
}

const DOT_SHAPES: Record<string, string> = { process: "ellipse", file: "note", gem: "box3d", vma: "box", mr: "hexagon", mapping: "cylinder" };
const dotString = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;

/** The graph in Graphviz's DOT language. */
export function graphDot(state: Snapshot, title: string): string {
  const g = graphOf(state);
  const lines = [`digraph ${dotString(title)} {`, "  rankdir=LR;", '  node [fontname="monospace", fontsize=10];', '  edge [fontname="monospace", fontsize=9];'];
  for (const n of g.nodes) lines.push(`  ${dotString(n.id)} [shape=${DOT_SHAPES[n.kind] ?? "box"}, label=${dotString(n.label)}${n.freed ? ", style=dashed" : ""}];`);
  for (const e of g.edges) lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)} [label=${dotString(e.label)}];`);
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

const mermaidText = (s: string) => s.replace(/"/g, "#quot;").replace(/\n/g, "<br/>");

function mermaidNode(id: string, kind: string, label: string): string {
  const text = `"${mermaidText(label)}"`;
  if (kind === "process") return `${id}([${text}])`;
  if (kind === "mapping") return `${id}[(${text})]`;
  if (kind === "mr") return `${id}{{${text}}}`;
  return `${id}[${text}]`;
}

/** The graph as a Mermaid flowchart. */
export function graphMermaid(state: Snapshot, title: string): string {
  const g = graphOf(state);
  const ids = new Map(g.nodes.map((n, i) => [n.id, `n${i + 1}`]));
  const lines = ["---", `title: ${JSON.stringify(title)}`, "---", "flowchart LR"];
  for (const n of g.nodes) lines.push(`  ${mermaidNode(ids.get(n.id)!, n.kind, n.label)}`);
  for (const e of g.edges) lines.push(`  ${ids.get(e.from)} -- "${mermaidText(e.label)}" --> ${ids.get(e.to)}`);
  for (const n of g.nodes) if (n.freed) lines.push(`  style ${ids.get(n.id)} stroke-dasharray: 5 5`);
  return `${lines.join("\n")}\n`;
}
