// The library's type declarations (dist/index.d.ts and dist/types/): each
// file the public API reaches through its declarations is turned into a
// .d.ts on its own with TypeScript's transpileDeclaration (no whole-program
// type check: that is `npm run typecheck`'s job, and the build stays fast).
// This needs every such file to spell out the types of what it exports; a
// file that does not is a build error naming it.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

/** Relative module specifiers in a declaration file's text. */
function localImports(text) {
  const specs = [...text.matchAll(/\bfrom\s+"(\.{1,2}\/[^"]+)"/g), ...text.matchAll(/\bimport\("(\.{1,2}\/[^"]+)"\)/g)];
  return specs.map((m) => m[1]);
}

/** Emit declarations for `entry` (relative to `root`) and everything they import, into `outDir`. */
export async function emitDeclarations(root, entry, outDir) {
  const ts = (await import("typescript")).default;
  const compilerOptions = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true };
  const todo = [entry];
  const seen = new Set();
  const problems = [];
  while (todo.length > 0) {
    const file = todo.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(join(root, file), "utf8");
    const out = ts.transpileDeclaration(source, { fileName: file, compilerOptions, reportDiagnostics: true });
    for (const d of out.diagnostics ?? []) problems.push(`${file}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
    const target = join(outDir, file.replace(/\.ts$/, ".d.ts"));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, out.outputText);
    for (const spec of localImports(out.outputText)) todo.push(normalize(join(dirname(file), spec.replace(/\.js$/, ".ts"))));
  }
  if (problems.length > 0) throw new Error(`declarations:\n  ${problems.join("\n  ")}`);
  return [...seen].map((f) => relative(".", f)).sort();
}
