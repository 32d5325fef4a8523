// The generated program's runtime, part 2b: the process steps (send over a
// unix socket, fork, exit) and what a process reports after a step: its
// outcome, a mapping's VmFlags, file and vm_pgoff (/proc/self/smaps), and a
// dma-buf's fdinfo `count:` (which already leaves out procfs's own reference).

export const C_OBSERVE = String.raw`
/* send D to P, MAIN: SCM_RIGHTS over P's socket. */
static void op_send(int slot, int to)
{
	NEED(slot);
	char data = 'd';
	union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	int fd = (int)num[slot];
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof fd);
	if (sendmsg(sock[to][1], &msg, 0) < 0) { fail(); return; }
	sh->ok = 1;
}

/* send D to P [as E], POST: P receives its own fd to the file (E: a name P binds). */
static void op_receive(int slot, int binds)
{
	char data;
	union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf };
	if (recvmsg(sock[me][0], &msg, MSG_CMSG_CLOEXEC) < 0)
		return;
	int fd;
	memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&msg)), sizeof fd);
	if (binds)
		bind_slot(slot, fd, dmabuf_size(fd));
	else {
		num[slot] = fd; len[slot] = dmabuf_size(fd); bound[slot] = 1;
	}
}

/* fork as P: the child goes on as worker P with copies of every fd and mapping. */
static void op_fork(int child)
{
	pid_t pid = fork();
	if (pid < 0) { fail(); return; }
	if (pid == 0) {
		me = child;
		quiet_done = 1;
		return;
	}
	sh->pid[child] = pid;
	sh->ok = 1;
}

static void report_outcome(int step)
{
	if (res_skip >= 0)
		say("R %d %d outcome not-run:%s", scn_id, step, scn->slot_names[res_skip]);
	else if (res_sig)
		say("R %d %d outcome %s", scn_id, step, res_sig);
	else if (res_err)
		say("R %d %d outcome %s", scn_id, step, errname(res_err));
	else if (res_want)
		say("R %d %d outcome partial:%ld/%ld", scn_id, step, res_short, res_want);
	else
		say("R %d %d outcome ok", scn_id, step);
}

static void op_exit(int step) { report_outcome(step); exiting = 1; }

/* /proc/self/smaps VmFlags codes and the VM_ names the model uses, in name order. */
static const struct { const char code[3]; const char *name; } vm_flags[] = {
	{ "dd", "DONTDUMP" }, { "de", "DONTEXPAND" }, { "ex", "EXEC" }, { "io", "IO" },
	{ "me", "MAYEXEC" }, { "mr", "MAYREAD" }, { "ms", "MAYSHARE" }, { "mw", "MAYWRITE" },
	{ "mm", "MIXEDMAP" }, { "pf", "PFNMAP" }, { "rd", "READ" }, { "sh", "SHARED" }, { "wr", "WRITE" },
};

static void report_flags(int step, int slot, const char *codes)
{
	char out[256] = "";
	for (size_t i = 0; i < sizeof vm_flags / sizeof vm_flags[0]; i++) {
		char code[5] = { ' ', vm_flags[i].code[0], vm_flags[i].code[1], ' ', 0 };
		if (!strstr(codes, code))
			continue;
		if (out[0])
			strcat(out, ",");
		strcat(out, vm_flags[i].name);
	}
	say("R %d %d vma:%s.flags %s", scn_id, step, scn->slot_names[slot], out[0] ? out : "-");
}

static int cand_fd(const struct cand *c)
{
	if (c->kind == CAND_DEVICE)
		return devfd[c->index];
	if (!bound[c->index])
		return -1;
	return c->kind == CAND_MEMFD ? mfd[c->index] : (int)num[c->index];
}

static void report_file(int step, int slot, unsigned maj, unsigned min, unsigned long ino, const struct cand *c, int nc)
{
	const char *name = ino == 0 ? "anon" : "other", *prefix = "";
	for (int i = 0; ino != 0 && i < nc; i++) {
		struct stat st;
		int fd = cand_fd(&c[i]);
		if (fd < 0 || fstat(fd, &st) || st.st_ino != ino || major(st.st_dev) != maj || minor(st.st_dev) != min)
			continue;
		prefix = c[i].kind == CAND_DEVICE ? "dev:" : c[i].kind == CAND_MEMFD ? "memfd:" : "";
		name = c[i].kind == CAND_DEVICE ? scn->devices[c[i].index].name : scn->slot_names[c[i].index];
		break;
	}
	say("R %d %d vma:%s.file %s%s", scn_id, step, scn->slot_names[slot], prefix, name);
}

/* The mapping bound as slot: its VmFlags, the file behind it, and (shared file mappings) vm_pgoff. */
static void report_vma(int step, int slot, const struct cand *c, int nc)
{
	char line[512], perms[8] = "";
	unsigned long start, end, off = 0, ino = 0;
	unsigned maj = 0, min = 0;
	int found = 0;
	FILE *f = fopen("/proc/self/smaps", "r");
	if (!bound[slot] || !f) {
		if (f) fclose(f);
		return;
	}
	while (fgets(line, sizeof line, f)) {
		if (sscanf(line, "%lx-%lx %7s %lx %x:%x %lu", &start, &end, perms, &off, &maj, &min, &ino) == 7)
			found = start == (unsigned long)num[slot];
		else if (found && strncmp(line, "VmFlags:", 8) == 0)
			break;
	}
	fclose(f);
	if (!found)
		return;
	strcat(line, " ");
	report_flags(step, slot, line + 8);
	report_file(step, slot, maj, min, ino, c, nc);
	if (ino != 0 && perms[3] == 's')
		say("R %d %d vma:%s.pgoff 0x%lx", scn_id, step, scn->slot_names[slot], off / PAGE_SIZE_4K);
}

static void report_refs(int step, int slot)
{
	char path[64], line[128];
	long count = -1;
	if (!bound[slot]) {
		say("R %d %d refs:%s unbound", scn_id, step, scn->slot_names[slot]);
		return;
	}
	snprintf(path, sizeof path, "/proc/self/fdinfo/%ld", num[slot]);
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "count: %ld", &count) == 1)
			break;
	if (f)
		fclose(f);
	if (count < 0)
		say("R %d %d refs:%s none", scn_id, step, scn->slot_names[slot]);
	else
		say("R %d %d refs:%s %ld", scn_id, step, scn->slot_names[slot], count);
}
`;
