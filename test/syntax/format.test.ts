// The canonical formatter: the first example's layout, comments kept,
// idempotent, layout-insensitive (any spacing of the same tokens formats to
// the same text), the same tokens out as in, lines kept within 78 columns by
// moving trailing comments, and a text that does not parse left as it is.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tokenize } from "../../grammar/scanner.js";
import { Comment, NewLine } from "../../grammar/tokens.js";
import { formatScn } from "../../src/syntax/format.js";
import { firstExample } from "./helpers.js";

const ROOT = join(import.meta.dirname, "..", "..");

function scnFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? scnFiles(path) : name.endsWith(".scn") ? [path] : [];
  });
}

const corpus = scnFiles(join(ROOT, "scenarios")).map((p) => readFileSync(p, "utf8"));

/** The tokens that carry meaning, and the comments, in order. */
function words(text: string): { tokens: string[]; comments: string[] } {
  const lexed = tokenize(text);
  return {
    tokens: lexed.tokens.filter((t) => t.tokenType !== NewLine).map((t) => t.image),
    comments: (lexed.groups.comments ?? []).filter((t) => t.tokenType === Comment).map((t) => t.image.trimEnd()),
  };
}

const fmt = (text: string) => {
  const r = formatScn(text);
  expect(r.diagnostics).toEqual([]);
  return r.text;
};

describe("formatScn", () => {
  it("lays out the first example with aligned actors, subjects, outcomes and comments", () => {
    expect(fmt(firstExample)).toBe(`# dri-devel, 2020-09-17: "I guess the inverse of trying to convert a userptr
# into a dma-buf is properly rejected?"
scenario "userptr of an mmapped dma-buf is rejected"
kernel linux-6.12
tags userptr mmap

actors {
  amd:   amdgpu
  intel: i915
  nic:   rdma
  app:   process
}

steps {
  amd   create A size 2M domain vram
  amd   export A as D  # PRIME handle-to-fd; the fd lands in app
  app   mmap D as M                   # mmap() of the dma-buf fd itself
  intel userptr M flags probe as U1   => EFAULT  # probe_range: VM_PFNMAP
  intel userptr M as U2               # no probe: creation succeeds,
  intel use U2                        => EFAULT  # the first pin fails
  nic   reg-mr M as R1                => EFAULT  # pin_user_pages: VM_PFNMAP
  # vm_file set
  amd   userptr M flags anononly|register|validate as U3 => EPERM
  amd   userptr M flags register|validate as U4 => EFAULT  # hmm_range_fault
  # libdrm knows only its own maps
  app   find-bo amd M                 => ENXIO
}

expect {
  M.file == D
  M.flags has PFNMAP
  D.refs == 4                         # fd, export cache, prime cache, mapping
  hazards == none
}
`);
  });

  it("is idempotent and keeps every token and comment, on the first example and the corpus", () => {
    expect(corpus.length).toBeGreaterThan(10);
    for (const text of [firstExample, ...corpus]) {
      const once = fmt(text);
      expect(fmt(once)).toBe(once);
      expect(words(once)).toEqual(words(text));
    }
  });

  it("keeps lines within 78 columns wherever a comment can move, and writes no tab or trailing blank", () => {
    for (const text of [firstExample, ...corpus]) {
      for (const line of fmt(text).split("\n")) {
        expect(line).not.toMatch(/\t| $/);
        // Only a step or title too long in itself, or a comment line written that long, passes 78 columns.
        if (line.length > 78 && !line.trimStart().startsWith("#")) expect(line).not.toContain("#");
      }
    }
  });

  it("normalises spacing inside a line: paths, flag lists, knobs, one of, colons", () => {
    const text = `scenario "t"\nkernel   linux-6.12  with forward-mmap = mainline\nactors {\n  amd :amdgpu\n}\nsteps {\n  amd  create A size 2M\n  app anon 4K as M\n  amd userptr M flags  register | validate   as U  =>  one of {ok ,EFAULT}\n}\nexpect never {\n  M . flags has PFNMAP\n}\n`;
    expect(fmt(text)).toBe(`scenario "t"
kernel linux-6.12 with forward-mmap=mainline

actors {
  amd: amdgpu
}

steps {
  amd create A size 2M
  app anon 4K as M
  amd userptr M flags register|validate as U  => one of { ok, EFAULT }
}

expect never {
  M.flags has PFNMAP
}
`);
  });

  it("puts one blank line before each scenario and block, keeps blank lines between steps, drops them inside braces", () => {
    const text = `# file header\n\n\n# about the first\nscenario "a"\n\ntags x\nactors {\n\n  app: process\n\n}\nsteps {\n  app anon 4K as M\n\n\n  app touch M\n\n}\n# the second\nscenario "b"\nactors { \n  app: process }\nsteps {\n  app anon 4K as M }   # done\n`;
    expect(fmt(text)).toBe(`# file header

# about the first
scenario "a"
tags x

actors {
  app: process
}

steps {
  app anon 4K as M

  app touch M
}

# the second
scenario "b"

actors {
  app: process
}

steps {
  app anon 4K as M  # done
}
`);
  });

  it("moves a trailing comment that would pass 78 columns onto its own line above", () => {
    const long = "# " + "x".repeat(60);
    const text = `scenario "t"\nactors {\n  app: process\n}\nsteps {\n  app anon 4K as M   ${long}\n}\n`;
    expect(fmt(text)).toContain(`steps {\n  ${long}\n  app anon 4K as M\n}`);
  });

  it("turns CRLF into LF and tabs in comments into spaces", () => {
    const text = `scenario "t"\r\nactors {\r\n\tapp:\tprocess\t# a\tb\r\n}\r\nsteps {\r\n\tapp anon 4K as M\r\n}\r\n`;
    expect(fmt(text)).toBe(`scenario "t"\n\nactors {\n  app: process  # a     b\n}\n\nsteps {\n  app anon 4K as M\n}\n`);
  });

  it("returns a text that does not parse unchanged, with its diagnostics", () => {
    const text = `scenario "t"\nactors {\n  app: process\n}\nsteps {\n  app anon 4K as\n}\n`;
    const r = formatScn(text);
    expect(r.text).toBe(text);
    expect(r.diagnostics.map((d) => d.code)).toContain("SCN1002");
    expect(formatScn("").text).toBe("");
  });

  it("formats any spacing of the same tokens to the same text", () => {
    const samples = [firstExample, ...corpus.slice(0, 6)];
    const spacing = fc.array(fc.constantFrom(" ", "  ", "\t", " \t "), { minLength: 64, maxLength: 64 });
    fc.assert(
      fc.property(fc.constantFrom(...samples), spacing, (text, spaces) => {
        const lexed = tokenize(text);
        const all = [...lexed.tokens, ...(lexed.groups.comments ?? [])].sort((a, b) => a.startOffset - b.startOffset);
        let out = "";
        all.forEach((t, i) => {
          if (t.tokenType === NewLine) out += "\n";
          else out += spaces[i % 64] + t.image;
        });
        expect(fmt(out)).toBe(fmt(text));
      }),
      { numRuns: 60 },
    );
  });
});
