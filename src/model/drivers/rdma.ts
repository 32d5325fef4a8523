// An RDMA NIC through uverbs (mlx5-like, no on-demand paging): ibv_reg_mr pins
// the range with ib_umem_get (FOLL_LONGTERM; FOLL_WRITE only for writable
// access) and keeps the pages until dereg, whatever happens to the VA range.
import type { Addr, MrId, Result } from "../api.js";
import { fail, ok, rule } from "../rules.js";
import { type KFile, type KernelState, type Process, mrRefOf } from "../state.js";
import { gupWalk, pageSpan } from "../gup.js";
import { pinRelease, pinTake } from "../pins.js";
import { UMEM_DMABUF_RELEASE, umemDmabufRelease } from "./rdma-dmabuf.js";
import { chargePinnedVm, mlockRefusal, unchargePinnedVm } from "../memlock.js";

export const UMEM_GET = rule(
  "rdma.umem-get", "drivers/infiniband/core/umem.c: ib_umem_get", ["linux-5.10", "linux-6.1", "linux-6.12"],
  "0 pages (length 0 at a page-aligned address; unaligned, it touches one page) gives EINVAL; pages are pinned FOLL_LONGTERM (6.12: FOLL_WRITE only for writable access; <= 6.1: always FOLL_WRITE, FOLL_FORCE for read-only MRs); any GUP failure unpins all and fails",
);
export const UMEM_GET_VA = rule(
  "rdma.umem-get-va", "drivers/infiniband/core/umem.c: __ib_umem_get_va", ["linux-7.2"],
  "7.2's ib_umem_get: the same checks and pin flags as 6.12 (0 pages EINVAL, length 0 at an unaligned address one page; FOLL_LONGTERM, FOLL_WRITE only for writable access)",
);
export const UMEM_RELEASE = rule(
  "rdma.umem-release", "drivers/infiniband/core/umem.c: ib_umem_release", "all",
  "an MR's pages stay pinned until the MR is deregistered (no MMU notifier for non-ODP MRs)",
);
export const UOBJ_LOOKUP = rule(
  "rdma.uobj-lookup", "drivers/infiniband/core/rdma_core.c: lookup_get_idr_uobject", "all",
  "deregistering an MR this uverbs file does not hold gives ENOENT",
);
export const UVERBS_CLOSE = rule(
  "rdma.uverbs-close", "drivers/infiniband/core/uverbs_main.c: ib_uverbs_close", "all",
  "closing the last reference of the uverbs file destroys every MR it holds",
);

export function rdmaRegMr(s: KernelState, p: Process, ufile: KFile, addr: Addr, len: number, write: boolean): Result<MrId> {
  const get = s.profile === "linux-7.2" ? UMEM_GET_VA : UMEM_GET;
  if (len < 0) return fail(get, "EINVAL", "addr + size overflows");
  // can_do_mlock comes before the page count: with neither a limit nor CAP_IPC_LOCK even 0 pages is EPERM.
  const refused = mlockRefusal(p);
  if (refused) return refused;
  // ib_umem_num_pages: the pages the range touches, so length 0 at an unaligned address is one page.
  const npages = pageSpan(addr, len).count;
  if (npages === 0) return fail(get, "EINVAL", "an MR of 0 pages");
  const refusedCharge = chargePinnedVm(p, npages);
  if (refusedCharge) return refusedCharge;
  const flags = s.traits.umemWriteOnlyIfWritable ? { write, longterm: true } : { write: true, longterm: true, force: !write };
  const r = gupWalk(s, p, addr, len, flags);
  if (!r.ok) {
    unchargePinnedVm(p, npages);
    return r;
  }
  const id = s.mrs.length + 1;
  s.mrs.push({ id, pid: p.pid, device: ufile.device!, ufile: ufile.id, start: addr, len, pages: r.value, dmabuf: null, alive: true });
  pinTake(s, mrRefOf(id), r.value.length);
  s.event("reg_mr", [mrRefOf(id)], `${r.value.length} pages pinned`);
  return ok(id);
}

function destroyMr(s: KernelState, id: MrId): void {
  const mr = s.mrs[id - 1]!;
  mr.alive = false;
  if (mr.dmabuf) umemDmabufRelease(s, mr);
  else {
    pinRelease(s, mrRefOf(id));
    unchargePinnedVm(s.process(mr.pid), mr.pages.length);
  }
  s.event("dereg_mr", [mrRefOf(id)], mr.dmabuf ? UMEM_DMABUF_RELEASE.id : UMEM_RELEASE.id);
}

export function rdmaDeregMr(s: KernelState, ufile: KFile, id: MrId): Result<void> {
  const mr = s.mrs[id - 1];
  if (!mr || !mr.alive || mr.ufile !== ufile.id) return fail(UOBJ_LOOKUP, "ENOENT", `MR ${id} is not held by this uverbs file`);
  destroyMr(s, id);
  return ok(undefined);
}

/** The uverbs file's last reference went: its MRs are destroyed. */
export function uverbsRelease(s: KernelState, f: KFile): void {
  for (const mr of s.mrs) if (mr.alive && mr.ufile === f.id) destroyMr(s, mr.id);
}
