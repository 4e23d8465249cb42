/* SPDX-License-Identifier: MIT */
/*
 * LD_PRELOAD for the tests: system calls that fail on request, to show
 * the monitor's handling of errors a host rarely gives.
 *   UNIMON_FAIL=timerfd_settime        every timerfd_settime(): EINVAL
 *   UNIMON_FAIL=epoll_wait@unimon-io   epoll_wait() in the thread of
 *                                      that name (the I/O thread): EBADF
 * Everything else goes to libc.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>

/*
 * The thread the monitor named last, and its name: recorded when it names
 * it, so that telling threads apart needs no system call (the sandbox,
 * installed before the guest runs, allows no prctl(PR_GET_NAME)).
 */
static pthread_t named;
static char named_as[16];
static int have_named;

int pthread_setname_np(pthread_t t, const char *name)
{
	static int (*real)(pthread_t, const char *);

	if (!real)
		real = dlsym(RTLD_NEXT, "pthread_setname_np");
	named = t;
	snprintf(named_as, sizeof(named_as), "%s", name);
	__atomic_store_n(&have_named, 1, __ATOMIC_RELEASE);
	return real(t, name);
}

/* Does UNIMON_FAIL name this call (and, after '@', this thread)? */
static int failing(const char *call)
{
	const char *f = getenv("UNIMON_FAIL"), *at;
	size_t n = strlen(call);

	if (!f || strncmp(f, call, n) || (f[n] && f[n] != '@'))
		return 0;
	at = f[n] == '@' ? f + n + 1 : NULL;
	if (!at)
		return 1;
	/* The thread may run before its creator names it: wait (no call). */
	for (long i = 0; i < 400000000 &&
	     !__atomic_load_n(&have_named, __ATOMIC_ACQUIRE); i++)
		__builtin_ia32_pause();
	return __atomic_load_n(&have_named, __ATOMIC_ACQUIRE) &&
	       pthread_equal(pthread_self(), named) && !strcmp(named_as, at);
}

int timerfd_settime(int fd, int flags, const struct itimerspec *new,
		    struct itimerspec *old)
{
	static int (*real)(int, int, const struct itimerspec *,
			   struct itimerspec *);

	if (failing("timerfd_settime")) {
		errno = EINVAL;
		return -1;
	}
	if (!real)
		real = dlsym(RTLD_NEXT, "timerfd_settime");
	return real(fd, flags, new, old);
}

int epoll_wait(int epfd, struct epoll_event *ev, int n, int timeout)
{
	static int (*real)(int, struct epoll_event *, int, int);

	if (failing("epoll_wait")) {
		errno = EBADF;
		return -1;
	}
	if (!real)
		real = dlsym(RTLD_NEXT, "epoll_wait");
	return real(epfd, ev, n, timeout);
}
