// SPDX-License-Identifier: MIT
#include "core/waitsrc.h"

static struct wait_source sources[WAITSRC_MAX];
static unsigned int nsources;

int waitsrc__add(int fd, int (*pending)(void *ctx), void *ctx)
{
	if (nsources == WAITSRC_MAX)
		return -1;
	sources[nsources] = (struct wait_source){ fd, pending, ctx };
	return nsources++;
}

unsigned int waitsrc__count(void)
{
	return nsources;
}

const struct wait_source *waitsrc__get(unsigned int bit)
{
	return bit < nsources ? &sources[bit] : 0;
}
