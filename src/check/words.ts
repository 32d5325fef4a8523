// Closed vocabularies the checker resolves identifiers against: errno names,
// signals, profiles, knobs and hazard kinds.

/** Linux errno names (include/uapi/asm-generic/errno-base.h, errno.h). */
export const errnoNames: readonly string[] = [
  "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD",
  "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV",
  "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC",
  "ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK",
  "ENOSYS", "ENOTEMPTY", "ELOOP", "ENOMSG", "EIDRM", "ENODATA", "ETIME", "ENOLINK", "EPROTO",
  "EOVERFLOW", "EBADFD", "EILSEQ", "EUSERS", "ENOTSOCK", "EOPNOTSUPP", "ENOTSUPP", "EADDRINUSE",
  "ENOBUFS", "ETIMEDOUT", "ECANCELED", "EOWNERDEAD", "EHWPOISON", "ERESTARTSYS", "EPROTONOSUPPORT",
];

export const signalNames: readonly string[] = ["SIGBUS", "SIGSEGV"];

export const profileNames: readonly string[] = ["linux-5.10", "linux-6.1", "linux-6.12", "linux-7.2"];
export const defaultProfile = "linux-6.12";
/** Profiles the model runs today. */
export const modelledProfiles: ReadonlySet<string> = new Set(profileNames);

/**
 * Knobs: what-if switches on top of a profile (language.md "Kernel
 * profiles"); src/model/knobs.ts ties each to its citation:
 * forward-mmap (drivers/dma-buf/dma-buf.c: dma_buf_mmap), move-notify
 * (CONFIG_DMABUF_MOVE_NOTIFY, dma_buf_map_attachment), require-pfnmap (the
 * never-merged "dma-buf: Require VM_PFNMAP vma for mmap"), get_dmabuf (the
 * never-merged vm_ops->get_dmabuf idea), p2p (pci_p2pdma_distance in
 * amdgpu_dma_buf_attach).
 */
export const knobValues: Readonly<Record<string, readonly string[]>> = {
  "forward-mmap": ["mainline", "no-pgoff-translate", "no-file-swap"],
  "move-notify": ["on", "off"],
  "require-pfnmap": ["on", "off"],
  get_dmabuf: ["on", "off"],
  p2p: ["on", "off"],
};
export const modelledKnobs: ReadonlySet<string> = new Set(Object.keys(knobValues));

export const hazardKinds: readonly string[] = ["stale-pte", "stale-sgt", "use-after-free", "leaked-pin", "refcount-underflow"];
