// The modules a driver needs, in the order insmod must load them, read from
// the modules.dep that `depmod -b` wrote (each line: `path: dep dep …`).

/** Relative paths (as modules.dep lists them) of `name`'s dependencies and itself, dependencies first. */
export function moduleChain(modulesDep: string, name: string): string[] | string {
  const deps = new Map<string, string[]>();
  for (const line of modulesDep.split("\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    deps.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim().split(/\s+/).filter(Boolean));
  }
  const base = (p: string) => p.split("/").pop()!.replace(/\.ko(\.[a-z]+)?$/, "");
  const target = [...deps.keys()].find((p) => base(p) === name);
  if (!target) return `module ${name} is not in modules.dep`;
  const order: string[] = [];
  const visit = (p: string, path: string[]) => {
    if (order.includes(p) || path.includes(p)) return;
    for (const d of deps.get(p) ?? []) visit(d, [...path, p]);
    order.push(p);
  };
  visit(target, []);
  return order;
}
