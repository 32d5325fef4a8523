// Did you mean: close words found, far ones not, ties broken the same way every time.
import { describe, expect, it } from "vitest";
import { didYouMean, editDistance } from "../../src/diagnostics/suggest.js";

const verbs = ["create", "export", "import", "userptr", "evict", "pin", "unpin", "use", "close", "reg-mr", "mmap", "munmap", "touch"];

describe("editDistance", () => {
  it("counts insertions, deletions, substitutions and swaps of neighbours as one", () => {
    expect(editDistance("expot", "export")).toBe(1);
    expect(editDistance("exprot", "export")).toBe(1);
    expect(editDistance("mmap", "munmap")).toBe(2);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });

  it("gives up past its limit", () => {
    expect(editDistance("abcdef", "uvwxyz", 2)).toBe(3);
  });
});

describe("didYouMean", () => {
  it("finds the verb meant", () => {
    expect(didYouMean("expot", verbs)).toBe("export");
    expect(didYouMean("exprot", verbs)).toBe("export");
    expect(didYouMean("usrptr", verbs)).toBe("userptr");
    expect(didYouMean("regmr", verbs)).toBe("reg-mr");
  });

  it("ignores case, preferring the candidate written alike", () => {
    expect(didYouMean("EFault", ["EFAULT", "EPERM"])).toBe("EFAULT");
    expect(didYouMean("Amd", ["AMD", "amd"])).toBe("amd");
  });

  it("suggests nothing far away, nor for one letter", () => {
    expect(didYouMean("frobnicate", verbs)).toBeUndefined();
    expect(didYouMean("X", ["A", "D", "M"])).toBeUndefined();
    expect(didYouMean("m", ["M"])).toBe("M");
    expect(didYouMean("export", verbs)).toBeUndefined();
  });

  it("breaks ties the same way whatever the order of the candidates", () => {
    const candidates = ["pin", "pan", "pun", "pen"];
    const answers = new Set([candidates, [...candidates].reverse(), ["pun", "pen", "pin", "pan"]].map((c) => didYouMean("pon", c)));
    expect([...answers]).toEqual(["pan"]);
  });

  it("scales its threshold with the word", () => {
    expect(didYouMean("attachmnts", ["attachments"])).toBe("attachments");
    expect(didYouMean("atachmnts", ["attachments"])).toBe("attachments");
    expect(didYouMean("ab", ["xy"])).toBeUndefined();
  });
});
