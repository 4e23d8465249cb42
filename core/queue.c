// SPDX-License-Identifier: MIT
/*
 * The queue engine and its I/O thread (see core/queue.h, unimon/abi.h).
 *
 * The thread serves every queue in turn. After work it keeps polling for
 * CONFIG_QUEUE_POLL_US (--io-poll-us) with need_kick clear, so a busy
 * guest never rings; then it sets need_kick on every queue, checks once
 * more (the guest may have published just before) and sleeps in epoll on
 * the doorbells' eventfds, the input fds of stalled queues and the stop
 * eventfd. A doorbell is a port write: first handled by the run loop
 * (doorbell_io), then, once a queue is busy, by KVM in the kernel through
 * an ioeventfd.
 */
#include <errno.h>
#include <libfdt.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <linux/kvm.h>
#include "core/device.h"
#include "core/error.h"
#include "core/guestmem.h"
#include "core/queue.h"
#include "core/stop.h"
#include "core/vm.h"
#include "core/wakeup.h"
#include "shared/util.h"

#define BATCH 64		/* requests handed to a device at once */
#define MAX_ENTRIES 4096
#define HDR_SIZE sizeof(struct unimon_queue_hdr)

struct queue {
	char name[48];
	const struct queue_ops *ops;
	void *ctx;
	unsigned int flags;
	uint32_t entries;
	uint16_t port;		/* the doorbell */
	uint64_t gpa;
	struct unimon_queue_hdr *hdr;	/* in guest RAM */
	uint32_t cons;		/* the monitor's own consumer index */
	int broken;
	int stalled;		/* the device handled fewer than offered */
	int input_fd;		/* readable: a stalled queue can go on */
	int input_armed;
	int kick_fd;		/* the doorbell's ioeventfd */
	int done_fd;		/* wakes the guest's wait hypercall */
	int wait_bit;
	/* Counters for --stats. */
	uint64_t reqs, batches, kicks, wakeups, bytes;
	uint64_t exits;		/* doorbells that reached the monitor */
};

static struct queue queues[UNIMON_QUEUE_MAX];
static unsigned int nqueues;
static const struct gmem *mem;
static pthread_t thread, vcpu_thread;
static int thread_running, epfd = -1, stop_fd = -1;
static int stopping;	/* atomic: set by the main thread, read by both */
static uint64_t poll_ns = (uint64_t)CONFIG_QUEUE_POLL_US * 1000;

/* Creation and placement --------------------------------------------- */

/* The wait hypercall's readiness check: completions not yet taken. */
static int queue_pending(void *ctx)
{
	struct queue *q = ctx;
	uint64_t n;

	if (read(q->done_fd, &n, sizeof(n)) < 0)
		(void)0; /* EAGAIN: nothing to drain */
	return !q->hdr || LOAD(&q->hdr->resp_prod) != LOAD(&q->hdr->resp_cons);
}

struct queue *queue__create(const char *name, unsigned int entries,
			    const struct queue_ops *ops, void *ctx,
			    int input_fd, unsigned int flags)
{
	struct queue *q;

	if (nqueues == UNIMON_QUEUE_MAX) {
		pr_err("%s: more than %d queues", name, UNIMON_QUEUE_MAX);
		return NULL;
	}
	while (entries & (entries - 1)) /* a power of two, rounding down */
		entries &= entries - 1;
	if (!entries || entries > MAX_ENTRIES) {
		pr_err("%s: bad queue size %u", name, entries);
		return NULL;
	}
	q = &queues[nqueues];
	*q = (struct queue){ .ops = ops, .ctx = ctx, .flags = flags,
			     .entries = entries, .input_fd = input_fd,
			     .port = UNIMON_QUEUE_PORT_BASE + nqueues,
			     .kick_fd = -1, .done_fd = -1, .wait_bit = -1 };
	snprintf(q->name, sizeof(q->name), "%s", name);
	q->kick_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	q->done_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (q->kick_fd < 0 || q->done_fd < 0) {
		pr_err("%s: eventfd: %s", name, strerror(errno));
		goto fail;
	}
	if (flags & QUEUE_WAITABLE) {
		q->wait_bit = wakeup__add(q->done_fd, queue_pending, q);
		if (q->wait_bit < 0) {
			pr_err("%s: too many wait sources", name);
			goto fail;
		}
	}
	nqueues++;
	return q;
fail:
	if (q->kick_fd >= 0)
		close(q->kick_fd);
	if (q->done_fd >= 0)
		close(q->done_fd);
	return NULL;
}

int queue__wait_bit(const struct queue *q)
{
	return q->wait_bit;
}

static uint64_t queue_bytes(const struct queue *q)
{
	return PAGE_UP(HDR_SIZE + (uint64_t)q->entries *
				   sizeof(struct unimon_queue_desc));
}

int queue__place(struct gmem *m, uint64_t *start, uint64_t end)
{
	uint64_t at = PAGE_UP(*start);
	unsigned int i;

	for (i = 0; i < nqueues; i++) {
		struct queue *q = &queues[i];
		uint64_t size = queue_bytes(q);

		if (at > end || size > end - at)
			return err__set("guest RAM too small for the device "
					"queues (%s needs %llu KiB above the "
					"image): raise CONFIG_RAM_SIZE_MB",
					q->name, (unsigned long long)size >> 10);
		q->gpa = at;
		q->hdr = gmem__ptr(m, at, size);
		if (!q->hdr)
			return err__set("%s: queue at 0x%llx is not guest RAM",
					q->name, (unsigned long long)at);
		memset(q->hdr, 0, size);
		at += size;
	}
	mem = m;
	*start = at;
	return 0;
}

int queue__fdt_prop(void *fdt, int node, const char *prop,
		    const struct queue *q)
{
	return fdt_setprop_u32(fdt, node, prop, (uint32_t)(q->gpa >> 32)) ?:
	       fdt_appendprop_u32(fdt, node, prop, (uint32_t)q->gpa) ?:
	       fdt_appendprop_u32(fdt, node, prop, q->entries) ?:
	       fdt_appendprop_u32(fdt, node, prop, q->port);
}

void queue__count_bytes(struct queue *q, uint64_t bytes)
{
	q->bytes += bytes;
}

/* Serving ------------------------------------------------------------- */

static void stop_queue(struct queue *q, uint32_t prod)
{
	q->broken = 1;
	STORE(&q->hdr->status, UNIMON_QUEUE_BROKEN);
	pr_err("%s: malformed queue: the guest published request %u with "
	       "%u handled and %u entries; device stopped", q->name, prod,
	       q->cons, q->entries);
}

/* Copy descriptor idx once, field by field, and check its buffer. */
static void fetch(const struct queue *q, uint32_t idx, struct queue_req *r)
{
	const volatile struct unimon_queue_desc *s =
		&q->hdr->ring[idx & (q->entries - 1)];

	r->d.addr = s->addr;
	r->d.len = s->len;
	r->d.op = s->op;
	r->d.arg = s->arg;
	r->d.ret = 0;
	r->buf = gmem__ptr(mem, r->d.addr, r->d.len);
	r->ret = r->buf ? 0 : UNIMON_EFAULT;
}

/* Handle what the guest published: how many requests were completed. */
static unsigned int service(struct queue *q)
{
	struct queue_req reqs[BATCH];
	unsigned int total = 0, n, i, done;
	uint32_t prod, avail;

	if (q->broken)
		return 0;
	prod = LOAD(&q->hdr->req_prod);
	avail = prod - q->cons;
	if (avail > q->entries) {
		stop_queue(q, prod);
		return 0;
	}
	q->stalled = 0;
	while (avail) {
		n = avail < BATCH ? avail : BATCH;
		for (i = 0; i < n; i++)
			fetch(q, q->cons + i, &reqs[i]);
		done = q->ops->process(q, reqs, n, q->ctx);
		for (i = 0; i < done; i++)
			STORE(&q->hdr->ring[(q->cons + i) & (q->entries - 1)].ret,
			      reqs[i].ret);
		q->cons += done;
		STORE(&q->hdr->resp_prod, q->cons);
		q->batches += done > 0;
		q->reqs += done;
		total += done;
		if (done < n) {
			q->stalled = 1;
			break;
		}
		avail -= n;
	}
	if (total) {
		static const uint64_t one = 1;

		FENCE(); /* resp_prod before guest_waiting: see abi.h */
		if (LOAD(&q->hdr->guest_waiting) &&
		    write(q->done_fd, &one, sizeof(one)) == sizeof(one))
			q->wakeups++;
	}
	return total;
}

static unsigned int service_all(void)
{
	unsigned int i, work = 0;

	for (i = 0; i < nqueues; i++)
		work += service(&queues[i]);
	return work;
}

static void set_need_kick(uint32_t v)
{
	unsigned int i;

	for (i = 0; i < nqueues; i++)
		if (!queues[i].broken)
			STORE(&queues[i].hdr->need_kick, v);
}

/* Watch a stalled queue's input only while it has requests waiting. */
static void arm_inputs(void)
{
	unsigned int i;

	for (i = 0; i < nqueues; i++) {
		struct queue *q = &queues[i];
		int want = q->input_fd >= 0 && q->stalled && !q->broken;
		struct epoll_event ev = { .events = want ? EPOLLIN : 0,
					  .data.u32 = i };

		/*
		 * DEL/ADD, not MOD to 0: epoll reports EPOLLERR/EPOLLHUP
		 * whatever the mask, so a dead input (a deleted tap) would
		 * wake the thread in a loop while nothing waits on it.
		 */
		if (q->input_fd >= 0 && want != q->input_armed &&
		    !epoll_ctl(epfd, want ? EPOLL_CTL_ADD : EPOLL_CTL_DEL,
			       q->input_fd, &ev))
			q->input_armed = want;
	}
}

static void drain_kicks(void)
{
	unsigned int i;
	uint64_t n;

	for (i = 0; i < nqueues; i++)
		if (read(queues[i].kick_fd, &n, sizeof(n)) == sizeof(n))
			queues[i].kicks += n;
}

static uint64_t mono_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + t.tv_nsec;
}

static void on_usr2(int sig)
{
	(void)sig; /* interrupts a blocked write(): see queue_exit */
}

static void *io_thread(void *arg)
{
	struct epoll_event ev[8];
	uint64_t idle_since = mono_ns();
	sigset_t usr2;

	/* Running: glibc's own start of a thread (rseq, robust list) is done. */
	STORE((int *)arg, 1);
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	pthread_sigmask(SIG_UNBLOCK, &usr2, NULL);
	while (!LOAD(&stopping)) {
		if (service_all()) {
			idle_since = mono_ns();
			continue;
		}
		if (mono_ns() - idle_since < poll_ns) {
			__builtin_ia32_pause();
			continue;
		}
		set_need_kick(1);
		FENCE(); /* need_kick before req_prod: see abi.h */
		if (!service_all()) {
			arm_inputs();
			if (epoll_wait(epfd, ev, 8, -1) < 0 && errno != EINTR) {
				/* Nothing would serve the queues: stop. */
				pr_err("queues: the I/O thread stopped: epoll_wait: "
				       "%s", strerror(errno));
				stop__from_thread(UNIMON_EXIT_MONITOR);
				pthread_kill(vcpu_thread, SIGUSR2);
				break;
			}
		}
		set_need_kick(0);
		drain_kicks();
		idle_since = mono_ns();
	}
	return NULL;
}

/* The "queues" pseudo-device: the thread's life ------------------------ */

static int watch(int fd, unsigned int events, uint32_t data)
{
	struct epoll_event ev = { .events = events, .data.u32 = data };

	return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

/*
 * A doorbell that reached the monitor (the port has no ioeventfd yet):
 * pass it on to the I/O thread. After DOORBELL_EXITS of them the port
 * gets an ioeventfd, so KVM signals the thread without leaving the
 * kernel (~7 us instead of ~30 us on PVM). Not at once: a VM with an
 * ioeventfd takes ~13 ms longer to destroy (KVM waits for an SRCU grace
 * period), which a short-lived guest that rings once should not pay.
 */
#define DOORBELL_EXITS 16

static void doorbell_io(struct vm *vm, void *ctx, uint16_t port, int is_write,
			uint8_t *data, unsigned int size)
{
	static const uint64_t one = 1;
	unsigned int i = port - UNIMON_QUEUE_PORT_BASE;
	struct queue *q = i < nqueues ? &queues[i] : NULL;

	if (!is_write) {
		memset(data, 0xff, size);
		return;
	}
	if (!q || write(q->kick_fd, &one, sizeof(one)) < 0)
		return;
	if (++q->exits == DOORBELL_EXITS) {
		struct kvm_ioeventfd io = {
			.addr = q->port,
			.len = 0, /* any access size */
			.fd = q->kick_fd,
			.flags = KVM_IOEVENTFD_FLAG_PIO,
		};

		if (ioctl(vm->vm_fd, KVM_IOEVENTFD, &io))
			pr_err("%s: no ioeventfd for the doorbell (%s): it "
			       "stays a monitor exit", q->name, strerror(errno));
	}
}

static const struct pio_region doorbells[] = {
	{ "queue-doorbells", "unimon,queue-doorbells", UNIMON_QUEUE_PORT_BASE,
	  UNIMON_QUEUE_MAX, doorbell_io, NULL },
	{ 0 },
};

static struct sys_rule queue_rules[3]; /* below, with the other lists */

static int queue_start(struct vm *vm)
{
	struct sigaction sa = { .sa_handler = on_usr2 };
	static int started;
	sigset_t all, old;
	unsigned int i;
	int err;

	if (!nqueues)
		return 0;
	queue_rules[0].cond[0].value = (uint64_t)getpid();
	vcpu_thread = pthread_self();
	epfd = epoll_create1(EPOLL_CLOEXEC);
	stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (epfd < 0 || stop_fd < 0 || watch(stop_fd, EPOLLIN, UINT32_MAX))
		goto fail;
	for (i = 0; i < nqueues; i++) {
		struct queue *q = &queues[i];

		if (watch(q->kick_fd, EPOLLIN, i))
			goto fail;
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, NULL);
	/* The thread takes no signal but SIGUSR2: they are the run loop's. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&thread, NULL, io_thread, &started);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		errno = err;
		goto fail;
	}
	thread_running = 1;
	pthread_setname_np(thread, "unimon-io"); /* for ps -L, and the tests */
	/*
	 * The sandbox comes next: let the thread finish glibc's start-up
	 * first, so its filter need not allow what only that uses.
	 */
	while (!LOAD(&started))
		sched_yield();
	return 0;
fail:
	pr_err("queues: cannot start the I/O thread: %s", strerror(errno));
	return UNIMON_EXIT_MONITOR;
}

/*
 * Stop the thread. After a signal (--timeout, SIGTERM) it may be blocked
 * writing to a stalled stdout: SIGUSR2 interrupts that, and the devices
 * give up when they see the stop request.
 */
static void stop_thread(struct vm *vm)
{
	static const uint64_t one = 1;
	struct timespec t;

	STORE(&stopping, 1);
	if (write(stop_fd, &one, sizeof(one)) < 0)
		(void)0;
	for (;;) {
		/*
		 * Also a signal that came after the guest ended (SIGTERM or
		 * --timeout while a stalled stdout holds the thread): without
		 * it the join never ends and only SIGKILL stops the monitor.
		 */
		if (vm->stopped_by_signal || stop__requested())
			pthread_kill(thread, SIGUSR2);
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_nsec += 20 * 1000000;
		if (t.tv_nsec >= 1000000000) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000;
		}
		if (pthread_timedjoin_np(thread, NULL, &t) != ETIMEDOUT)
			break;
	}
	thread_running = 0;
}

static void print_stats(void)
{
	unsigned int i;

	fprintf(stderr, "unimon queue stats:\n");
	for (i = 0; i < nqueues; i++) {
		const struct queue *q = &queues[i];

		fprintf(stderr, "  queue %s: %llu requests in %llu batches, "
			"%llu doorbells (%llu in the kernel), %llu guest "
			"wake-ups, %llu bytes%s\n",
			q->name, (unsigned long long)q->reqs,
			(unsigned long long)q->batches,
			(unsigned long long)q->kicks,
			(unsigned long long)(q->kicks > q->exits ?
					     q->kicks - q->exits : 0),
			(unsigned long long)q->wakeups,
			(unsigned long long)q->bytes,
			q->broken ? " (stopped: malformed)" : "");
	}
}

/*
 * The guest is gone: stop the thread, then finish what it published on
 * the queues that ask for it (console output, disk writes, frames to
 * send), also after a crash or a signal. Runs before the devices' own
 * exit hooks (it links first), so they flush and close with the queues
 * quiet.
 */
static void queue_exit(struct vm *vm)
{
	static const struct itimerval drain_limit = {
		.it_value = { .tv_usec = 200000 },
	};
	unsigned int i;

	int by_signal;

	if (thread_running)
		stop_thread(vm);
	/*
	 * After a signal (also one that came after the guest ended), stdout
	 * may be stalled: a timer interrupts a blocked write (EINTR with the
	 * stop requested gives up). Without one, all is written.
	 */
	by_signal = vm->stopped_by_signal || stop__requested();
	if (by_signal)
		setitimer(ITIMER_REAL, &drain_limit, NULL);
	for (i = 0; i < nqueues && mem; i++)
		if (queues[i].flags & QUEUE_DRAIN) {
			drain_kicks();
			service(&queues[i]);
		}
	if (by_signal)
		setitimer(ITIMER_REAL, &(struct itimerval){ 0 }, NULL);
	if (vm->opts->stats && nqueues) {
		drain_kicks();
		print_stats();
	}
	for (i = 0; i < nqueues; i++) {
		close(queues[i].kick_fd);
		close(queues[i].done_fd);
	}
	if (epfd >= 0)
		close(epfd);
	if (stop_fd >= 0)
		close(stop_fd);
	nqueues = 0;
}

int queue__stopping(void)
{
	return LOAD(&stopping);
}

/*
 * The I/O thread's system calls beyond the core's and the devices' own:
 * sleeping, doorbells, waking the guest, and its own end (futex for the
 * join). The main thread's join needs futex; SIGUSR2 to the thread
 * (pthread_kill) needs tgkill, kept for this process and that signal only
 * (its pid is filled in at start); glibc frees the thread's stack with
 * madvise(MADV_DONTNEED), the only advice kept.
 */
static const int queue_syscalls[] = {
	SYS_epoll_wait, SYS_epoll_pwait, SYS_epoll_ctl, SYS_read, SYS_futex,
	SYS_getpid, SYS_gettid, SYS_rt_sigprocmask, SYS_setitimer,
	-1
};
static struct sys_rule queue_rules[3] = {
	{ .nr = SYS_tgkill, .nconds = 2,
	  .cond = { { .arg = 0, .value = 0 /* getpid(), at start */ },
		    { .arg = 2, .value = SIGUSR2 } } },
	{ .nr = SYS_madvise, .nconds = 1,
	  .cond = { { .arg = 2, .value = MADV_DONTNEED } } },
	{ .nr = -1 },
};

/* --io-poll-us N: 0 to 1000000, in decimal. */
static int parse_poll(struct options *o, const char *arg)
{
	unsigned long v = 0;
	const char *p;

	for (p = arg; *p >= '0' && *p <= '9' && v <= 1000000; p++)
		v = v * 10 + (unsigned long)(*p - '0');
	if (p == arg || *p || v > 1000000) {
		pr_err("--io-poll-us %s: want microseconds, 0 to 1000000", arg);
		return UNIMON_EXIT_USAGE;
	}
	poll_ns = v * 1000;
	return 0;
}

static const struct dev_option queue_opts[] = {
	{ "io-poll-us", "N",
	  "I/O thread: poll the queues N us after the last request before "
	  "sleeping (default " STR(CONFIG_QUEUE_POLL_US) ")", parse_poll },
	{ 0 },
};

/* The run loop gives a busy doorbell its ioeventfd. */
static const unsigned long queue_ioctls[] = { KVM_IOEVENTFD, 0 };

static const struct device queue_dev = {
	.name = "queues",
	.summary = "shared-memory queues: the I/O thread and its doorbells",
	.order = DEVICE_ORDER_ENGINE,
	.pio = doorbells,
	.opts = queue_opts,
	.start = queue_start,
	.exit = queue_exit,
	.syscalls = queue_syscalls,
	.syscall_rules = queue_rules,
	.ioctls = queue_ioctls,
};
DEVICE_REGISTER(queue_dev);
