// The dma-buf fd calls (lseek, read, DMA_BUF_IOCTL_SYNC, DMA_BUF_SET_NAME;
// kernel-semantics §1.7, fact 40) and the mapping calls of the real 6.12.118
// get_user_pages matrix (madvise, mremap, mlock, futex, /proc/self/mem) plus
// memfd ftruncate: answers, cites per profile, and what they change.
import { describe, expect, it } from "vitest";
import type { Kernel, Profile, Result } from "../../src/model/index.js";
import { errno, setup, val } from "./helpers.js";

const SZ = 2 * 4096;

function world(profile: Profile = "linux-6.12") {
  const r = setup([["amd", "amdgpu"], ["intel", "i915"], ["vg", "vgem"], ["vg2", "vgem"], ["u", "udmabuf"], ["heap", "dma-heap"]], ["app"], { profile });
  return { k: r.k, app: r.pids[0]! };
}

const fdOp = (k: Kernel, app: number, fd: number, op: Parameters<Kernel["dmaBufFdOp"]>[2]): Result<number> => {
  const r = k.dmaBufFdOp(app, fd, op);
  if (r === "not-dma-buf") throw new Error("not a dma-buf");
  return r;
};
const vgemBuf = (k: Kernel, app: number) => val(k.primeHandleToFd(app, "vg", val(k.gemCreate(app, "vg", SZ))));
const vgemMap = (k: Kernel, app: number) => val(k.mmapDevice(app, "vg", app, val(k.gemCreate(app, "vg", SZ))));
const flags = (k: Kernel, app: number, addr: number) => k.field(k.vmaAt(app, addr)!, "flags") as string[];

describe("dma-buf fd calls", () => {
  it("lseek: SEEK_END is the size, SEEK_SET 0, SEEK_CUR and offsets EINVAL", () => {
    const { k, app } = world();
    const d = vgemBuf(k, app);
    expect(val(fdOp(k, app, d, { op: "seek", whence: "end", offset: 0 }))).toBe(SZ);
    expect(val(fdOp(k, app, d, { op: "seek", whence: "set", offset: 0 }))).toBe(0);
    expect(errno(fdOp(k, app, d, { op: "seek", whence: "cur", offset: 0 }), "EINVAL").cite).toBe("drivers/dma-buf/dma-buf.c: dma_buf_llseek");
    errno(fdOp(k, app, d, { op: "seek", whence: "end", offset: 4096 }), "EINVAL");
  });

  it("read() of a dma-buf is EINVAL from vfs_read", () => {
    const { k, app } = world();
    expect(errno(fdOp(k, app, val(k.heapAlloc(app, "heap", SZ)), { op: "read" }), "EINVAL").cite).toBe("fs/read_write.c: vfs_read");
  });

  it("SYNC: a direction is needed and undefined bits are EINVAL", () => {
    const { k, app } = world();
    const d = vgemBuf(k, app);
    val(fdOp(k, app, d, { op: "sync", dir: { read: true, write: false }, end: false, badBits: false }));
    val(fdOp(k, app, d, { op: "sync", dir: { read: true, write: true }, end: true, badBits: false }));
    const none = fdOp(k, app, d, { op: "sync", dir: { read: false, write: false }, end: false, badBits: false });
    expect(errno(none, "EINVAL").cite).toBe("drivers/dma-buf/dma-buf.c: dma_buf_ioctl");
    errno(fdOp(k, app, d, { op: "sync", dir: { read: true, write: true }, end: false, badBits: true }), "EINVAL");
  });

  it("SET_NAME with an attachment: EBUSY on 5.10, ok from 6.1", () => {
    const answer = (p: Profile) => {
      const { k, app } = world(p);
      const d = vgemBuf(k, app);
      val(k.primeFdToHandle(app, "vg2", d));
      return fdOp(k, app, d, { op: "set-name", name: "x" });
    };
    expect(errno(answer("linux-5.10"), "EBUSY").cite).toBe("drivers/dma-buf/dma-buf.c: dma_buf_set_name");
    for (const p of ["linux-6.1", "linux-6.12", "linux-7.2"] as const) val(answer(p));
  });

  it("a number that names another file is not a dma-buf fd", () => {
    const { k, app } = world();
    expect(k.dmaBufFdOp(app, k.deviceFd(app, "vg")!, { op: "read" })).toBe("not-dma-buf");
    errno(k.dmaBufFdOp(app, 99, { op: "read" }) as Result<number>, "EBADF");
  });
});

describe("mapping calls", () => {
  it("MADV_DONTNEED zaps anon PTEs and refuses PFNMAP and locked VMAs, cited per profile", () => {
    const { k, app } = world();
    const a = val(k.anon(app, SZ));
    val(k.touch(app, a, 0, true));
    val(k.mmOp(app, a, { op: "madvise-dontneed" }));
    expect(k.field(k.vmaAt(app, a)!, "ptes")).toBe(0);
    expect(errno(k.mmOp(app, vgemMap(k, app), { op: "madvise-dontneed" }), "EINVAL").cite).toBe("mm/madvise.c: madvise_dontneed_free_valid_vma");
    val(k.mmOp(app, a, { op: "mlock" }));
    errno(k.mmOp(app, a, { op: "madvise-dontneed" }), "EINVAL");
    expect(errno(k.mmOp(app, 0x10000000, { op: "madvise-dontneed" }), "ENOMEM").cite).toBe("mm/madvise.c: madvise_walk_vmas");
    const old = world("linux-5.10");
    expect(errno(old.k.mmOp(old.app, 0x10000000, { op: "madvise-dontneed" }), "ENOMEM").cite).toBe("mm/madvise.c: do_madvise");
    const u = val(old.k.mmapFd(old.app, val(old.k.heapAlloc(old.app, "heap", SZ))));
    val(old.k.mmOp(old.app, u, { op: "madvise-dontneed" })); // 5.10 heap mappings are page-backed
    const ttm = val(old.k.mmapDevice(old.app, "amd", old.app, val(old.k.gemCreate(old.app, "amd", SZ))));
    val(old.k.mmOp(old.app, ttm, { op: "madvise-dontneed" })); // 5.10 TTM mappings are MIXEDMAP|IO, not PFNMAP
    const i915 = val(old.k.mmapDevice(old.app, "intel", old.app, val(old.k.gemCreate(old.app, "intel", SZ))));
    expect(errno(old.k.mmOp(old.app, i915, { op: "madvise-dontneed" }), "EINVAL").cite).toBe("mm/madvise.c: madvise_dontneed_free");
  });

  it("mremap grows into free space only, and never a PFNMAP or DONTEXPAND VMA", () => {
    const { k, app } = world();
    val(k.anon(app, SZ));
    const a = val(k.anon(app, SZ));
    expect(errno(k.mmOp(app, a, { op: "mremap-grow", by: 2 * 4096 }), "ENOMEM").cite).toBe("mm/mremap.c: vma_expandable");
    val(k.mmOp(app, a, { op: "mremap-grow", by: 4096 }));
    expect((k.field(k.vmaAt(app, a)!, "end") as number) - a).toBe(SZ + 4096);
    expect(errno(k.mmOp(app, vgemMap(k, app), { op: "mremap-grow", by: 4096 }), "EFAULT").cite).toBe("mm/mremap.c: vma_to_resize");
    const late = world("linux-7.2");
    expect(errno(late.k.mmOp(late.app, vgemMap(late.k, late.app), { op: "mremap-grow", by: 4096 }), "EFAULT").cite).toBe("mm/mremap.c: remap_is_valid");
  });

  it("mlock locks and populates anon pages, skips VM_SPECIAL, and a fork does not inherit it", () => {
    const { k, app } = world();
    const a = val(k.anon(app, SZ));
    val(k.mmOp(app, a, { op: "mlock" }));
    expect(flags(k, app, a)).toContain("LOCKED");
    expect(k.field(k.vmaAt(app, a)!, "ptes")).toBe(2);
    const g = vgemMap(k, app);
    val(k.mmOp(app, g, { op: "mlock" }));
    expect(flags(k, app, g)).not.toContain("LOCKED");
    const child = val(k.fork(app, "child"));
    expect(flags(k, child, a)).not.toContain("LOCKED");
    expect(errno(k.mmOp(app, 0x10000000, { op: "mlock" }), "ENOMEM").cite).toBe("mm/mlock.c: apply_vma_lock_flags");
  });

  it("a shared futex key needs a page; a private one does not", () => {
    const { k, app } = world();
    val(k.mmOp(app, val(k.anon(app, SZ)), { op: "futex-wake", shared: true, page: 0 }));
    const g = vgemMap(k, app);
    expect(errno(k.mmOp(app, g, { op: "futex-wake", shared: true, page: 0 }), "EFAULT").cite).toBe("kernel/futex/core.c: get_futex_key");
    val(k.mmOp(app, g, { op: "futex-wake", shared: false, page: 0 }));
    const old = world("linux-5.10");
    const h = val(old.k.mmapDevice(old.app, "amd", old.app, val(old.k.gemCreate(old.app, "amd", SZ))));
    expect(errno(old.k.mmOp(old.app, h, { op: "futex-wake", shared: true, page: 0 }), "EFAULT").cite).toBe("kernel/futex.c: get_futex_key");
  });

  it("/proc/self/mem reads pages through GUP or vm_ops->access, else EIO", () => {
    const { k, app } = world();
    val(k.mmOp(app, val(k.memfd(app, SZ, [])), { op: "proc-mem", page: 1, write: false }));
    expect(errno(k.mmOp(app, vgemMap(k, app), { op: "proc-mem", page: 0, write: false }), "EIO").cite).toBe("fs/proc/base.c: mem_rw");
    const ttm = val(k.mmapDevice(app, "amd", app, val(k.gemCreate(app, "amd", SZ))));
    val(k.mmOp(app, ttm, { op: "proc-mem", page: 0, write: false })); // ttm_bo_vm_access
  });

  it("/proc/self/mem writes with FOLL_FORCE: a read-only private mapping takes a COW copy, a read-only shared one is EIO", () => {
    const { k, app } = world();
    val(k.mmOp(app, val(k.anon(app, SZ)), { op: "proc-mem", page: 0, write: true }));
    const ro = val(k.anon(app, SZ, { write: false }));
    val(k.mmOp(app, ro, { op: "proc-mem", page: 0, write: true }));
    expect(k.field(k.vmaAt(app, ro)!, "ptes")).toBe(1);
    const sealed = val(k.memfd(app, SZ, ["write"]));
    val(k.mmOp(app, sealed, { op: "proc-mem", page: 0, write: false }));
    expect(errno(k.mmOp(app, sealed, { op: "proc-mem", page: 0, write: true }), "EIO").cite).toBe("fs/proc/base.c: mem_rw");
    expect(errno(k.mmOp(app, vgemMap(k, app), { op: "proc-mem", page: 0, write: true }), "EIO").cite).toBe("fs/proc/base.c: mem_rw");
  });

  it("ftruncate honours the shrink and grow seals; a shrink zaps pages past the end", () => {
    const { k, app } = world();
    const sealed = val(k.memfd(app, SZ, ["shrink", "grow"]));
    expect(errno(k.mmOp(app, sealed, { op: "ftruncate", size: 4096 }), "EPERM").cite).toBe("mm/shmem.c: shmem_setattr");
    errno(k.mmOp(app, sealed, { op: "ftruncate", size: 4 * 4096 }), "EPERM");
    const m = val(k.memfd(app, SZ, []));
    val(k.touch(app, m, 1, true));
    val(k.mmOp(app, m, { op: "ftruncate", size: 4096 }));
    expect(k.field(k.vmaAt(app, m)!, "ptes")).toBe(0);
    errno(k.touch(app, m, 1, false), "SIGBUS");
    val(k.mmOp(app, m, { op: "ftruncate", size: SZ }));
    val(k.touch(app, m, 1, false));
  });
});
