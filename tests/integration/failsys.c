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
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/timerfd.h>

/* Does UNIMON_FAIL name this call (and, after '@', this thread)? */
static int failing(const char *call)
{
	const char *f = getenv("UNIMON_FAIL"), *at;
	char name[16] = "";
	size_t n = strlen(call);

	if (!f || strncmp(f, call, n) || (f[n] && f[n] != '@'))
		return 0;
	at = f[n] == '@' ? f + n + 1 : NULL;
	if (!at)
		return 1;
	prctl(PR_GET_NAME, name, 0, 0, 0);
	return !strcmp(name, at);
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
