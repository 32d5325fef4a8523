// scenarios/README.md lists every scenario of the corpus, one line each; this
// test regenerates that list from the files and fails when it drifts
// (`UPDATE_INDEX=1 npx vitest run test/corpus-index.test.ts` rewrites it).
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parseScn } from "../src/syntax/parse.js";

const root = new URL("../scenarios/", import.meta.url).pathname;
const readme = join(root, "README.md");
const START = "<!-- index:start (generated from the .scn files) -->";
const END = "<!-- index:end -->";

function scnFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((e) => {
      const p = join(dir, e);
      return statSync(p).isDirectory() ? scnFiles(p) : p.endsWith(".scn") ? [p] : [];
    });
}

function index(): string {
  const lines: string[] = [];
  let folder = "";
  for (const f of scnFiles(root)) {
    const rel = relative(root, f);
    const dir = rel.includes("/") ? rel.slice(0, rel.lastIndexOf("/")) : ".";
    if (dir !== folder) lines.push("", `### ${dir}/`, "");
    folder = dir;
    const { file } = parseScn(readFileSync(f, "utf8"));
    for (const sc of file.scenarios) {
      const kernel = sc.kernel ? ` (${sc.kernel.profile}${sc.kernel.knobs.length ? ` with ${sc.kernel.knobs.map((k) => `${k.key.name}=${k.value.kind === "ident" ? k.value.name : k.value.text}`).join(" ")}` : ""})` : "";
      lines.push(`- [${rel}](${rel}):${sc.span.startLine} — ${sc.title}${kernel}`);
    }
  }
  return lines.join("\n").trimStart();
}

describe("scenarios/README.md", () => {
  it("indexes every scenario", () => {
    const text = readFileSync(readme, "utf8");
    const [head, rest] = text.split(START);
    const tail = rest!.split(END)[1];
    const fresh = `${head}${START}\n${index()}\n${END}${tail}`;
    if (process.env.UPDATE_INDEX) writeFileSync(readme, fresh);
    expect(text).toBe(fresh);
  });
});
