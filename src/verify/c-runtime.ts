// The generated program's runtime, part 1: headers, the per-process name
// table, output lines, and the process plumbing. Each scenario runs in its
// own coordinator process (so every object it made is gone before the next
// one starts); each process actor is a worker that performs the steps the
// coordinator hands it, one at a time, so the order is the scenario's.

export const C_HEADER = String.raw`#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/capability.h>
#include <linux/futex.h>
#include <linux/io_uring.h>
#include <linux/udmabuf.h>
#include <drm.h>      /* libdrm-dev: /usr/include/libdrm */
#include <drm_mode.h>

/* The vgem ioctls (drivers/gpu/drm/vgem's uapi), which neither header package
 * ships: two driver ioctls after DRM_COMMAND_BASE, four u32 and two u32 wide. */
struct vgem_fence_attach { __u32 handle, flags, out_fence, pad; };
struct vgem_fence_signal { __u32 fence, flags; };
#define VGEM_FENCE_WRITE 0x1
#define VGEM_IOCTL_FENCE_ATTACH DRM_IOWR(DRM_COMMAND_BASE + 0x1, struct vgem_fence_attach)
#define VGEM_IOCTL_FENCE_SIGNAL DRM_IOW(DRM_COMMAND_BASE + 0x2, struct vgem_fence_signal)
`;

export const C_RUNTIME = String.raw`
#define PAGE_SIZE_4K 4096L
#define MAX_SLOTS 64
#define MAX_PROCS 16
#define MAX_DEVS 8
#define STEP_TIMEOUT_MS 20000

/* A step runs in phases: PRE in the process holding a handle (mmap DEVICE B),
 * MAIN in the acting process, POST in a receiver (send), REPORT in the actor. */
enum phase { PH_PRE, PH_MAIN, PH_POST, PH_REPORT };
enum dev_kind { DEV_VGEM, DEV_UDMABUF, DEV_DMA_HEAP };
enum cand_kind { CAND_DMABUF, CAND_MEMFD, CAND_DEVICE };

struct device { const char *name; enum dev_kind kind; };
/* A file a mapping may be backed by. */
struct cand { enum cand_kind kind; int index; };
/* Who acts in a step: proc -1 marks a model-only step. */
struct sched { int proc; int pre; int post; int forks; int exits; };
struct scenario {
	const char *title;
	int nproc, ninit, ndev, nslot, nstep;
	const struct device *devices;
	const char *const *slot_names;
	const struct sched *sched;
	void (*step)(int step, int phase);
};
/* Shared by the workers of one scenario: what one phase hands the next, and
 * each name's number in the process that bound it (what another process
 * that does not hold the name uses, as in the model). */
struct shared {
	long offset, len;
	int err, skip, ok;
	pid_t pid[MAX_PROCS];
	long num[MAX_SLOTS], num_len[MAX_SLOTS];
	unsigned char bound[MAX_SLOTS];
};

static int scn_id, me;
static const struct scenario *scn;
static long num[MAX_SLOTS];   /* fd, GEM handle or mapping address */
static long len[MAX_SLOTS];   /* object size or mapping length */
static int mfd[MAX_SLOTS];    /* the fd of the file behind a mapping (memfd, dma-buf, drm file), or -1 */
static unsigned char bound[MAX_SLOTS];
static int devfd[MAX_DEVS];
static int cmd_pipe[MAX_PROCS][2], sock[MAX_PROCS][2], done_pipe[2];
static struct shared *sh;
static int res_err, res_skip = -1, quiet_done, exiting;
static const char *res_sig;
static long res_short, res_want;

static void say(const char *fmt, ...)
{
	char b[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b, sizeof b - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof b - 2)
		n = sizeof b - 2;
	b[n++] = '\n';
	if (write(1, b, n) < 0)
		_exit(1);
}

static const char *errname(int e)
{
	static char other[24];
	switch (e) {
	case EPERM: return "EPERM"; case ENOENT: return "ENOENT"; case ESRCH: return "ESRCH";
	case EINTR: return "EINTR"; case EIO: return "EIO"; case ENXIO: return "ENXIO";
	case E2BIG: return "E2BIG"; case EBADF: return "EBADF"; case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM"; case EACCES: return "EACCES"; case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY"; case EEXIST: return "EEXIST"; case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL"; case ENFILE: return "ENFILE"; case EMFILE: return "EMFILE";
	case ENOTTY: return "ENOTTY"; case EFBIG: return "EFBIG"; case ENOSPC: return "ENOSPC";
	case ESPIPE: return "ESPIPE"; case EPIPE: return "EPIPE"; case ENOSYS: return "ENOSYS";
	case EOVERFLOW: return "EOVERFLOW"; case EBADFD: return "EBADFD"; case ENOTSOCK: return "ENOTSOCK";
	case EOPNOTSUPP: return "EOPNOTSUPP"; case ETIMEDOUT: return "ETIMEDOUT"; case EROFS: return "EROFS";
	}
	snprintf(other, sizeof other, "errno:%d", e);
	return other;
}

/* The last system call failed: that is the step's answer. */
static void fail(void) { res_err = errno ? errno : EIO; }
/* This process binds a name: it holds the number, and it is the name's number for every process. */
static void bind_slot(int slot, long number, long length)
{
	num[slot] = number; len[slot] = length; bound[slot] = 1;
	sh->num[slot] = number; sh->num_len[slot] = length; sh->bound[slot] = 1;
}

/* A name this process does not hold stands for the number the binding process has. */
static int usable(int slot)
{
	if (bound[slot])
		return 1;
	if (!sh->bound[slot])
		return 0;
	num[slot] = sh->num[slot];
	len[slot] = sh->num_len[slot];
	return 1;
}

/* A name the step uses was never bound (its step failed): the step is not run. */
#define NEED(slot) do { if (!usable(slot)) { res_skip = (slot); return; } } while (0)

/* The card node of the vgem device: /dev/dri/card0 is not vgem on every machine. */
static int open_vgem(void)
{
	for (int i = 0; i < 16; i++) {
		char path[32], name[16] = "";
		snprintf(path, sizeof path, "/dev/dri/card%d", i);
		int fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		struct drm_version v = { .name_len = sizeof name - 1, .name = name };
		if (ioctl(fd, DRM_IOCTL_VERSION, &v) == 0 && strcmp(name, "vgem") == 0)
			return fd;
		close(fd);
	}
	errno = ENODEV;
	return -1;
}

/* Each process opens each device actor, in actor order, before the first step. */
static void open_devices(void)
{
	for (int d = 0; d < scn->ndev; d++) {
		const struct device *dev = &scn->devices[d];
		int fd = dev->kind == DEV_VGEM ? open_vgem()
		       : dev->kind == DEV_UDMABUF ? open("/dev/udmabuf", O_RDWR | O_CLOEXEC)
		       : open("/dev/dma_heap/system", O_RDWR | O_CLOEXEC);
		if (fd < 0 && me == 0)
			say("I %d device %s unavailable %s", scn_id, dev->name, errname(errno));
		devfd[d] = fd;
	}
}

static void worker(void)
{
	for (;;) {
		int c[2];
		if (read(cmd_pipe[me][0], c, sizeof c) != sizeof c || c[0] < 0)
			_exit(0);
		if (c[1] == PH_MAIN) {
			res_err = 0; res_skip = -1; res_sig = NULL; res_short = res_want = 0;
		}
		scn->step(c[0], c[1]);
		if (quiet_done) {   /* a child just forked: its parent answers for the step */
			quiet_done = 0;
			continue;
		}
		if (exiting)
			_exit(0);
		char b = 1;
		if (write(done_pipe[1], &b, 1) != 1)
			_exit(1);
	}
}
`;
