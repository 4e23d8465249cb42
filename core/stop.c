// SPDX-License-Identifier: MIT
/* Stop requests from signals and other threads (core/stop.h). */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/time.h>
#include <unistd.h>
#include <linux/kvm.h>
#include "core/error.h"
#include "core/stop.h"
#include "core/vm.h"
#include "shared/util.h"
#include "unimon/abi.h"

static volatile sig_atomic_t pending_signal;
static volatile sig_atomic_t thread_stop; /* another thread's exit code */
static struct kvm_run *volatile signal_run;
static int stop_fd = -1;

/* Async-signal-safe: a flag, immediate_exit and the eventfd. */
static void on_signal(int sig)
{
	static const uint64_t one = 1;
	int saved = errno;

	pending_signal = sig;
	if (signal_run)
		signal_run->immediate_exit = 1;
	if (stop_fd >= 0 && write(stop_fd, &one, sizeof(one)) < 0)
		(void)0; /* already readable */
	errno = saved;
}

void stop__from_thread(int code)
{
	static const uint64_t one = 1;

	thread_stop = code;
	if (signal_run)
		signal_run->immediate_exit = 1;
	if (stop_fd >= 0 && write(stop_fd, &one, sizeof(one)) < 0)
		(void)0; /* already readable */
}

int stop__requested(void)
{
	return pending_signal != 0;
}

int stop__fd(void)
{
	return stop_fd;
}

void stop__detach(void)
{
	signal_run = NULL;
}

int stop__init(struct vm *vm)
{
	struct sigaction sa = { .sa_handler = on_signal };
	static const int sigs[] = { SIGALRM, SIGINT, SIGTERM, SIGHUP };
	unsigned int i;

	signal(SIGPIPE, SIG_IGN); /* a closed stdout is an error, not death */
	stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (stop_fd < 0)
		return err__set("eventfd: %s", strerror(errno));
	signal_run = vm->run;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		if (sigaction(sigs[i], &sa, NULL) < 0)
			return err__set("sigaction: %s", strerror(errno));
	if (vm->opts->timeout > 0) {
		struct itimerval it = { 0 };
		double t = vm->opts->timeout;

		it.it_value.tv_sec = (time_t)t;
		it.it_value.tv_usec = (suseconds_t)((t - (time_t)t) * 1e6);
		if (!it.it_value.tv_sec && !it.it_value.tv_usec)
			it.it_value.tv_usec = 1;
		if (setitimer(ITIMER_REAL, &it, NULL) < 0)
			return err__set("setitimer: %s", strerror(errno));
	}
	return 0;
}

void stop__handle(struct vm *vm)
{
	int sig;

	/* Clear first, then read: a signal in between is not lost. */
	vm->run->immediate_exit = 0;
	sig = pending_signal;
	vm->stats.exits[EXIT_SIGNAL]++;
	if (sig)
		vm->stopped_by_signal = 1;
	if (!sig && thread_stop)
		vm__stop(vm, thread_stop, NULL);
	else if (sig == SIGALRM)
		vm__stop(vm, UNIMON_EXIT_TIMEOUT,
			 "guest stopped: --timeout of %g seconds expired",
			 vm->opts->timeout);
	else if (sig)
		vm__stop(vm, 128 + sig, "guest stopped by signal %d (%s)", sig,
			 strsignal(sig));
}
