// SPDX-License-Identifier: MIT
/* The registry of wakeup sources (core/wakeup.h). */
#include "core/wakeup.h"

static struct wakeup_source sources[WAKEUP_MAX];
static unsigned int nsources;

int wakeup__add(int fd, int (*pending)(void *ctx), void *ctx)
{
	if (nsources == WAKEUP_MAX)
		return -1;
	sources[nsources] = (struct wakeup_source){ fd, pending, ctx };
	return nsources++;
}

unsigned int wakeup__count(void)
{
	return nsources;
}

const struct wakeup_source *wakeup__get(unsigned int bit)
{
	return bit < nsources ? &sources[bit] : 0;
}
