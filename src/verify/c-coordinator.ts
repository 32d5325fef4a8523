// The generated program's runtime, part 3: the coordinator that starts one
// worker per process actor, hands each step's phases to the right process
// and waits for each (an exit is waited for through a pidfd, so its files
// are released before the next step looks), and main(), which names the
// kernel and runs every scenario in a fresh coordinator.

export const C_COORDINATOR = String.raw`
static int pidfd[MAX_PROCS];
static unsigned char alive[MAX_PROCS];

static int pidfd_of(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

/* Hand one phase of a step to a worker and wait until it is done. */
static int run_phase(int proc, int step, int phase)
{
	int c[2] = { step, phase };
	if (write(cmd_pipe[proc][1], c, sizeof c) != sizeof c)
		return -1;
	int exits = phase == PH_MAIN && scn->sched[step - 1].exits;
	struct pollfd pf = { .fd = exits ? pidfd[proc] : done_pipe[0], .events = POLLIN };
	if (poll(&pf, 1, STEP_TIMEOUT_MS) != 1)
		return -1;
	char b;
	if (!exits && read(done_pipe[0], &b, 1) != 1)
		return -1;
	return 0;
}

static int run_step(int i)
{
	const struct sched *s = &scn->sched[i - 1];
	if (!alive[s->proc]) {
		say("R %d %d outcome not-run:process", scn_id, i);
		return 0;
	}
	sh->ok = 0;
	sh->skip = -1;
	if (s->pre >= 0 && run_phase(s->pre, i, PH_PRE))
		return -1;
	if (run_phase(s->proc, i, PH_MAIN))
		return -1;
	if (s->exits) {
		alive[s->proc] = 0;
		return 0;
	}
	if (s->forks >= 0 && sh->ok) {
		alive[s->forks] = 1;
		pidfd[s->forks] = pidfd_of(sh->pid[s->forks]);
	}
	if (s->post >= 0 && sh->ok && run_phase(s->post, i, PH_POST))
		return -1;
	return run_phase(s->proc, i, PH_REPORT);
}

static void start_workers(void)
{
	if (pipe(done_pipe))
		_exit(1);
	for (int p = 0; p < scn->nproc; p++)
		if (pipe(cmd_pipe[p]) || socketpair(AF_UNIX, SOCK_DGRAM, 0, sock[p]))
			_exit(1);
	for (int p = 0; p < scn->ninit; p++) {
		pid_t pid = fork();
		if (pid == 0) {
			me = p;
			open_devices();
			worker();
		}
		pidfd[p] = pidfd_of(pid);
		alive[p] = 1;
	}
}

/* One scenario, in a process of its own: everything it made dies with it. */
static void coordinate(void)
{
	setpgid(0, 0);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		_exit(1);
	for (int s = 0; s < MAX_SLOTS; s++)
		mfd[s] = -1;
	start_workers();
	for (int i = 1; i <= scn->nstep; i++) {
		if (scn->sched[i - 1].proc < 0)
			continue;
		if (run_step(i)) {
			say("R %d %d outcome hang", scn_id, i);
			kill(0, SIGKILL);
		}
	}
	int quit[2] = { -1, 0 };
	for (int p = 0; p < scn->nproc; p++)
		if (alive[p] && write(cmd_pipe[p][1], quit, sizeof quit) != sizeof quit)
			break;
	while (wait(NULL) > 0 || errno == EINTR)
		;
}

int main(void)
{
	struct utsname u;
	struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };
	setrlimit(RLIMIT_MEMLOCK, &unlimited);
	if (uname(&u) == 0)
		say("K %s %s", u.release, u.version);
	for (int i = 0; i < (int)(sizeof scenarios / sizeof scenarios[0]); i++) {
		scn = &scenarios[i];
		scn_id = i + 1;
		say("S %d", scn_id);
		pid_t pid = fork();
		if (pid == 0) {
			coordinate();
			_exit(0);
		}
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		say("E %d", scn_id);
	}
	return 0;
}
`;
