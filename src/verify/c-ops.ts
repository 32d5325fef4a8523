// The generated program's runtime, part 2: one function per step kind (the
// raw uapi ioctl or system call the step stands for, language.md "Meanings
// and defaults" and "Pins") and the observations a process reports after a
// step: the outcome, a mapping's VmFlags / file / vm_pgoff from
// /proc/self/smaps, and a dma-buf's fdinfo `count:`.

export const C_OPS = String.raw`
/* vgem: MODE_CREATE_DUMB on the card node; 8 bpp, 4096 wide, as many rows as the size needs. */
static void op_dumb_create(int dev, int bo, long size)
{
	struct drm_mode_create_dumb arg = { .height = (size + 4095) / 4096, .width = 4096, .bpp = 8 };
	if (ioctl(devfd[dev], DRM_IOCTL_MODE_CREATE_DUMB, &arg)) { fail(); return; }
	bind_slot(bo, arg.handle, (long)arg.size);
}

static long dmabuf_size(int fd)
{
	long size = lseek(fd, 0, SEEK_END);
	lseek(fd, 0, SEEK_SET);
	return size;
}

/* PRIME handle-to-fd with DRM_CLOEXEC|DRM_RDWR (no DRM_RDWR when read-only), plus the extra bits. */
static void op_export(int dev, int bo, int dmabuf, int readonly, unsigned extra)
{
	NEED(bo);
	struct drm_prime_handle arg = { .handle = (__u32)num[bo], .flags = DRM_CLOEXEC | (readonly ? 0 : DRM_RDWR) | extra };
	if (ioctl(devfd[dev], DRM_IOCTL_PRIME_HANDLE_TO_FD, &arg)) { fail(); return; }
	bind_slot(dmabuf, arg.fd, len[bo]);
}

static void op_import(int dev, int dmabuf, int bo)
{
	NEED(dmabuf);
	struct drm_prime_handle arg = { .fd = (__s32)num[dmabuf] };
	if (ioctl(devfd[dev], DRM_IOCTL_PRIME_FD_TO_HANDLE, &arg)) { fail(); return; }
	bind_slot(bo, arg.handle, dmabuf_size((int)num[dmabuf]));
}

static void op_gem_close(int dev, int bo)
{
	NEED(bo);
	struct drm_gem_close arg = { .handle = (__u32)num[bo] };
	if (ioctl(devfd[dev], DRM_IOCTL_GEM_CLOSE, &arg)) fail();
}

/* vgem fences: FENCE_ATTACH (write or read) on a handle, FENCE_SIGNAL of the fence id it gave. */
static void op_fence_attach(int dev, int bo, int fence, int write)
{
	NEED(bo);
	struct vgem_fence_attach arg = { .handle = (__u32)num[bo], .flags = write ? VGEM_FENCE_WRITE : 0 };
	if (ioctl(devfd[dev], VGEM_IOCTL_FENCE_ATTACH, &arg)) { fail(); return; }
	bind_slot(fence, arg.out_fence, 0);
}

static void op_fence_signal(int dev, int fence)
{
	NEED(fence);
	struct vgem_fence_signal arg = { .fence = (__u32)num[fence] };
	if (ioctl(devfd[dev], VGEM_IOCTL_FENCE_SIGNAL, &arg)) fail();
}

/* UDMABUF_CREATE from the memfd behind a mapping; len < 0: up to the end of the mapping; extra flag bits. */
static void op_udmabuf_create(int dev, int from, int dmabuf, long offset, long size, unsigned extra)
{
	NEED(from);
	if (mfd[from] < 0) { res_skip = from; return; }   /* anonymous: no file behind the mapping */
	struct udmabuf_create arg = { .memfd = (__u32)mfd[from], .flags = UDMABUF_FLAGS_CLOEXEC | extra, .offset = (__u64)offset,
				      .size = (__u64)(size < 0 ? len[from] - offset : size) };
	int fd = ioctl(devfd[dev], UDMABUF_CREATE, &arg);
	if (fd < 0) { fail(); return; }
	bind_slot(dmabuf, fd, (long)arg.size);
}

/* DMA_HEAP_IOCTL_ALLOC with extra fd_flags bits and heap_flags. */
static void op_heap_alloc(int dev, int dmabuf, long size, int readonly, unsigned extra, unsigned long long heap_flags)
{
	struct dma_heap_allocation_data arg = { .len = (__u64)size, .fd_flags = O_CLOEXEC | (readonly ? O_RDONLY : O_RDWR) | extra,
						.heap_flags = heap_flags };
	if (ioctl(devfd[dev], DMA_HEAP_IOCTL_ALLOC, &arg)) { fail(); return; }
	bind_slot(dmabuf, arg.fd, size);
}

/* Each mapping is followed by a PROT_NONE page, as the model leaves a one-page
 * gap after every mapping: a touch past the end faults instead of landing in
 * the neighbour that top-down placement would put there. */
static void map_into(int vma, long length, int prot, int flags, int fd, long offset)
{
	long span = (length > 0 ? (length + PAGE_SIZE_4K - 1) / PAGE_SIZE_4K * PAGE_SIZE_4K : 0) + PAGE_SIZE_4K;
	void *gap = mmap(NULL, (size_t)span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	void *p = gap == MAP_FAILED ? MAP_FAILED : mmap(gap, (size_t)length, prot, flags | MAP_FIXED, fd, offset);
	if (p == MAP_FAILED) {
		int e = errno;
		if (gap != MAP_FAILED)
			munmap(gap, (size_t)span);
		errno = e;
		fail();
		return;
	}
	bind_slot(vma, (long)p, length);
}

/* mmap() of a dma-buf fd; length < 0: the whole buffer from the offset. */
static void op_mmap_fd(int dmabuf, int vma, long offset, long length, int readonly, int private)
{
	NEED(dmabuf);
	if (length < 0)
		length = dmabuf_size((int)num[dmabuf]) - offset;
	map_into(vma, length, PROT_READ | (readonly ? 0 : PROT_WRITE), private ? MAP_PRIVATE : MAP_SHARED, (int)num[dmabuf], offset);
	if (bound[vma])
		mfd[vma] = (int)num[dmabuf];
}

/* mmap DEVICE B, PRE: MODE_MAP_DUMB in the process that holds the handle. */
static void op_map_dumb(int dev, int bo)
{
	if (!usable(bo)) { sh->skip = bo; return; }
	struct drm_mode_map_dumb arg = { .handle = (__u32)num[bo] };
	sh->err = ioctl(devfd[dev], DRM_IOCTL_MODE_MAP_DUMB, &arg) ? errno : 0;
	sh->offset = (long)arg.offset;
	sh->len = len[bo];
}

/* mmap DEVICE B, MAIN: mmap() of this process's drm fd at the fake offset
 * (plus offset; length < 0: the rest of the object). */
static void op_mmap_dev(int dev, int vma, long offset, long length, int readonly, int private)
{
	if (sh->skip >= 0) { res_skip = sh->skip; return; }
	if (sh->err) { res_err = sh->err; return; }
	if (length < 0)
		length = sh->len - offset;
	map_into(vma, length, PROT_READ | (readonly ? 0 : PROT_WRITE), private ? MAP_PRIVATE : MAP_SHARED, devfd[dev], sh->offset + offset);
	if (bound[vma])
		mfd[vma] = devfd[dev];
}

static void op_anon(int vma, long size, int readonly)
{
	map_into(vma, size, PROT_READ | (readonly ? 0 : PROT_WRITE), MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

/* memfd_create(MFD_ALLOW_SEALING), ftruncate, F_ADD_SEALS, mmap(MAP_SHARED); read-only under F_SEAL_WRITE. */
static void op_memfd(int vma, long size, int seals)
{
	int fd = memfd_create("dmabuf-scn", MFD_ALLOW_SEALING | MFD_CLOEXEC);
	if (fd < 0 || ftruncate(fd, size) || (seals && fcntl(fd, F_ADD_SEALS, seals))) { fail(); return; }
	mfd[vma] = fd;
	map_into(vma, size, PROT_READ | (seals & F_SEAL_WRITE ? 0 : PROT_WRITE), MAP_SHARED, fd, 0);
}

static void transferred(long got, long want)
{
	if (got < 0) fail();
	else if (got != want) { res_short = got; res_want = want; }
}

/* pin M longterm: io_uring buffer registration (pin_user_pages, FOLL_WRITE|FOLL_LONGTERM). */
static void op_pin_longterm(int vma)
{
	static int ring = -1;
	NEED(vma);
	if (ring < 0) {
		struct io_uring_params params = { .flags = 0 };
		ring = (int)syscall(SYS_io_uring_setup, 1, &params);
		if (ring < 0) { fail(); return; }
	}
	struct iovec iov = { .iov_base = (void *)num[vma], .iov_len = (size_t)len[vma] };
	if (syscall(SYS_io_uring_register, ring, IORING_REGISTER_BUFFERS, &iov, 1)) { fail(); return; }
	syscall(SYS_io_uring_register, ring, IORING_UNREGISTER_BUFFERS, NULL, 0);
}

/* pin M: process_vm_writev into it (FOLL_WRITE); pin M read: process_vm_readv from it. */
static void op_pin(int vma, int write)
{
	NEED(vma);
	char *buf = calloc(1, (size_t)len[vma] + 1);
	struct iovec local = { .iov_base = buf, .iov_len = (size_t)len[vma] };
	struct iovec remote = { .iov_base = (void *)num[vma], .iov_len = (size_t)len[vma] };
	long got = write ? process_vm_writev(getpid(), &local, 1, &remote, 1, 0) : process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	transferred(got, len[vma]);
	free(buf);
}

/* gup M: vmsplice of the range into a pipe large enough to take it (get_user_pages). */
static void op_gup(int vma)
{
	int p[2];
	NEED(vma);
	if (pipe2(p, O_NONBLOCK | O_CLOEXEC)) { fail(); return; }
	fcntl(p[1], F_SETPIPE_SZ, len[vma] < PAGE_SIZE_4K ? PAGE_SIZE_4K : len[vma]);
	struct iovec iov = { .iov_base = (void *)num[vma], .iov_len = (size_t)len[vma] };
	transferred(vmsplice(p[1], &iov, 1, 0), len[vma]);
	close(p[0]);
	close(p[1]);
}

static sigjmp_buf touch_jmp;
static volatile sig_atomic_t touch_sig;
static void on_fault(int sig) { touch_sig = sig; siglongjmp(touch_jmp, 1); }

/* touch M page N [write]: one CPU access; SIGBUS and SIGSEGV are the step's answer. */
/* The dma-buf fd operations: lseek, read, DMA_BUF_IOCTL_SYNC (with a bit the ioctl does not define for
 * bogus), DMA_BUF_SET_NAME; and ftruncate of the memfd behind a memfd mapping. */
#define SYNC_UNDEFINED_FLAG 0x100
static void op_seek(int dmabuf, int whence, long offset)
{
	NEED(dmabuf);
	if (lseek((int)num[dmabuf], (off_t)offset, whence) < 0) fail();
}

static void op_read(int dmabuf)
{
	NEED(dmabuf);
	char buf[64];
	if (read((int)num[dmabuf], buf, sizeof buf) < 0) fail();
}

static void op_sync(int dmabuf, unsigned long long flags)
{
	NEED(dmabuf);
	struct dma_buf_sync arg = { .flags = flags };
	if (ioctl((int)num[dmabuf], DMA_BUF_IOCTL_SYNC, &arg)) fail();
}

static void op_set_name(int dmabuf)
{
	NEED(dmabuf);
	if (ioctl((int)num[dmabuf], DMA_BUF_SET_NAME, "scn")) fail();
}

/* DMA_BUF_IOCTL_EXPORT_SYNC_FILE and IMPORT_SYNC_FILE, READ or WRITE. */
static void op_export_sync(int dmabuf, int sync, int write)
{
	NEED(dmabuf);
	struct dma_buf_export_sync_file arg = { .flags = write ? DMA_BUF_SYNC_WRITE : DMA_BUF_SYNC_READ, .fd = -1 };
	if (ioctl((int)num[dmabuf], DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &arg)) { fail(); return; }
	bind_slot(sync, arg.fd, 0);
}

static void op_import_sync(int dmabuf, int from, int write)
{
	NEED(dmabuf);
	NEED(from);
	struct dma_buf_import_sync_file arg = { .flags = write ? DMA_BUF_SYNC_WRITE : DMA_BUF_SYNC_READ, .fd = (__s32)num[from] };
	if (ioctl((int)num[dmabuf], DMA_BUF_IOCTL_IMPORT_SYNC_FILE, &arg)) fail();
}

static void op_resize(int vma, long size)
{
	NEED(vma);
	if (mfd[vma] < 0) { res_skip = vma; return; }   /* anonymous: no memfd behind the mapping */
	if (ftruncate(mfd[vma], (off_t)size)) fail();
}

/* setrlimit(RLIMIT_MEMLOCK), soft and hard alike. */
static void op_setrlimit_memlock(long bytes)
{
	struct rlimit r = { .rlim_cur = (rlim_t)bytes, .rlim_max = (rlim_t)bytes };
	if (setrlimit(RLIMIT_MEMLOCK, &r)) fail();
}

/* capset() without CAP_IPC_LOCK in the effective and permitted sets (raw system calls: no libcap in the guest). */
static void op_drop_cap_ipc_lock(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct d[2];
	if (syscall(SYS_capget, &h, d)) { fail(); return; }
	d[CAP_IPC_LOCK / 32].effective &= ~(1u << (CAP_IPC_LOCK % 32));
	d[CAP_IPC_LOCK / 32].permitted &= ~(1u << (CAP_IPC_LOCK % 32));
	if (syscall(SYS_capset, &h, d)) fail();
}

/* madvise(MADV_DONTNEED), mlock() and an in-place mremap() grow (no MREMAP_MAYMOVE), each over the whole mapping. */
static void op_madvise_dontneed(int vma)
{
	NEED(vma);
	if (madvise((void *)num[vma], (size_t)len[vma], MADV_DONTNEED)) fail();
}

static void op_mlock(int vma)
{
	NEED(vma);
	if (mlock((void *)num[vma], (size_t)len[vma])) fail();
}

/* The model's gap above a mapping is free; the guest's holds the PROT_NONE page map_into left there, so it
 * goes first: growing by a page then fills the gap, and growing further meets the mapping above. */
static void op_mremap_grow(int vma, long by)
{
	NEED(vma);
	long end = (len[vma] + PAGE_SIZE_4K - 1) / PAGE_SIZE_4K * PAGE_SIZE_4K;
	munmap((void *)(num[vma] + end), PAGE_SIZE_4K);
	if (mremap((void *)num[vma], (size_t)len[vma], (size_t)(len[vma] + by), 0) == MAP_FAILED) fail();
}

/* FUTEX_WAKE (FUTEX_PRIVATE_FLAG unless shared) on the first word of a page of the mapping; no waiter. */
static void op_futex_wake(int vma, long page, int shared)
{
	NEED(vma);
	long addr = num[vma] + page * PAGE_SIZE_4K;
	if (syscall(SYS_futex, (void *)addr, FUTEX_WAKE | (shared ? 0 : FUTEX_PRIVATE_FLAG), 1, NULL, NULL, 0) < 0) fail();
}

/* pread (pwrite, of zeros) of 64 bytes of /proc/self/mem at a page of the mapping. */
static void op_proc_mem(int vma, long page, int write)
{
	NEED(vma);
	int fd = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
	if (fd < 0) { fail(); return; }
	char buf[64] = { 0 };
	off_t at = (off_t)(num[vma] + page * PAGE_SIZE_4K);
	ssize_t n = write ? pwrite(fd, buf, sizeof buf, at) : pread(fd, buf, sizeof buf, at);
	if (n < 0) fail();
	close(fd);
}

static void op_touch(int vma, long page, int write)
{
	NEED(vma);
	struct sigaction sa = { .sa_handler = on_fault, .sa_flags = SA_NODEFER };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	volatile char *p = (volatile char *)(num[vma] + page * PAGE_SIZE_4K);
	if (sigsetjmp(touch_jmp, 1) == 0) {
		if (write) *p = 1; else (void)*p;
	} else {
		res_sig = touch_sig == SIGBUS ? "SIGBUS" : "SIGSEGV";
	}
	signal(SIGBUS, SIG_DFL);
	signal(SIGSEGV, SIG_DFL);
}

static void op_munmap(int vma) { NEED(vma); if (munmap((void *)num[vma], (size_t)len[vma])) fail(); }
static void op_close_fd(int slot) { NEED(slot); if (close((int)num[slot])) fail(); }
static void op_close_dev(int dev) { if (close(devfd[dev])) fail(); }
`;
