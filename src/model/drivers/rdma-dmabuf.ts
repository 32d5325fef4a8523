// dma-buf MRs (ibv_reg_dmabuf_mr -> ib_umem_dmabuf_get*): the NIC attaches
// dynamically with peer2peer allowed and keeps a reference on the dma-buf.
// The default MR is the pinned kind (ib_umem_dmabuf_get_pinned, as efa,
// bnxt_re and irdma register): dma_buf_pin and a mapping at registration.
// With `dynamic` it is mlx5's kind: mapped at registration, unpinned (when
// the core does not pin), invalidated by move_notify and re-mapped on demand.
import type { Fd, MrId, Result } from "../api.js";
import { fail, ok, rule } from "../rules.js";
import { type KFile, type KernelState, type Mr, type Process, PAGE, fileRef, mrRefOf } from "../state.js";
import { fput } from "../files.js";
import { dmaBufGet } from "../dmabuf.js";
import { dmaBufAttach, dmaBufDetach, dmaBufMapAttachment, dmaBufPin, dmaBufUnmapAttachment, dmaBufUnpin } from "../attach.js";

export const UVERBS_NO_METHOD = rule(
  "rdma.uverbs-no-method", "drivers/infiniband/core/uverbs_ioctl.c: ib_uverbs_cmd_verbs", ["linux-5.10"],
  "a method the kernel does not define (UVERBS_METHOD_REG_DMABUF_MR on 5.10) gives EPROTONOSUPPORT",
);
export const UMEM_DMABUF_GET = rule(
  "rdma.umem-dmabuf-get", "drivers/infiniband/core/umem_dmabuf.c: ib_umem_dmabuf_get_with_dma_device", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "offset+size overflowing or past the dma-buf gives EINVAL, 0 pages EINVAL, a bad fd EBADF or EINVAL (dma_buf_get); then a dynamic attachment with peer2peer allowed and a dma-buf reference",
);
export const UMEM_DMABUF_PINNED = rule(
  "rdma.umem-dmabuf-pinned", "drivers/infiniband/core/umem_dmabuf.c: ib_umem_dmabuf_get_pinned_with_dma_device", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "a pinned dma-buf MR pins the exporter (dma_buf_pin) and maps at registration; a failure unpins, detaches and drops the reference",
);
export const MLX5_DMABUF_MR = rule(
  "rdma.mlx5-dmabuf-mr", "drivers/infiniband/hw/mlx5/mr.c: mlx5_ib_reg_user_mr_dmabuf", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "mlx5's dma-buf MR attaches with an invalidate callback and maps at registration; move_notify unmaps it and the NIC re-maps on its next access",
);
export const UMEM_DMABUF_RELEASE = rule(
  "rdma.umem-dmabuf-release", "drivers/infiniband/core/umem_dmabuf.c: ib_umem_dmabuf_release", ["linux-6.1", "linux-6.12", "linux-7.2"],
  "deregistering a dma-buf MR unmaps it, unpins a pinned one, detaches and drops the dma-buf reference",
);

export function rdmaRegDmabufMr(
  s: KernelState, p: Process, ufile: KFile, fd: Fd, offset: number, len: number | undefined, dynamic: boolean,
): Result<MrId> {
  if (!s.traits.umemDmabuf) return fail(UVERBS_NO_METHOD, "EPROTONOSUPPORT", "this kernel has no REG_DMABUF_MR method");
  const got = dmaBufGet(s, p, fd);
  if (!got.ok) return got;
  const buf = got.value;
  const size = len ?? buf.dmabuf!.size - offset;
  const end = offset + size;
  const bad = end > buf.dmabuf!.size || offset < 0 ? "range past the dma-buf" : Math.ceil(end / PAGE) - Math.floor(offset / PAGE) <= 0 ? "0 pages" : "";
  if (bad) {
    fput(s, buf.id);
    return fail(UMEM_DMABUF_GET, "EINVAL", bad);
  }
  const kind = dynamic ? "umem-dynamic" : "umem-pinned";
  const att = dmaBufAttach(s, buf.id, { importer: ufile.device!, kind, dynamic: true, allowP2p: true });
  if (!att.ok) {
    fput(s, buf.id);
    return att;
  }
  const r = dynamic ? dmaBufMapAttachment(s, att.value) : pinAndMap(s, att.value);
  if (!r.ok) {
    dmaBufDetach(s, att.value);
    fput(s, buf.id);
    return r;
  }
  return ok(addMr(s, p, ufile, buf, att.value, offset, size, !dynamic));
}

function pinAndMap(s: KernelState, att: number): Result<void> {
  const pin = dmaBufPin(s, att);
  if (!pin.ok) return pin;
  const m = dmaBufMapAttachment(s, att);
  if (!m.ok) dmaBufUnpin(s, att);
  return m;
}

function addMr(s: KernelState, p: Process, ufile: KFile, buf: KFile, attach: number, start: number, len: number, pinned: boolean): MrId {
  const id = s.mrs.length + 1;
  const mr: Mr = {
    id, pid: p.pid, device: ufile.device!, ufile: ufile.id, start, len, pages: [],
    dmabuf: { file: buf.id, attach, pinned }, alive: true,
  };
  s.mrs.push(mr);
  const via = pinned ? UMEM_DMABUF_PINNED.id : MLX5_DMABUF_MR.id;
  s.event("reg_mr", [mrRefOf(id), fileRef(buf.id)], `dma-buf ${len} bytes (${via})`);
  return id;
}

export function umemDmabufRelease(s: KernelState, mr: Mr): void {
  const d = mr.dmabuf!;
  dmaBufUnmapAttachment(s, d.attach, true);
  if (d.pinned) dmaBufUnpin(s, d.attach);
  dmaBufDetach(s, d.attach);
  fput(s, d.file);
}
