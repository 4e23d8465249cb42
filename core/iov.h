/* SPDX-License-Identifier: MIT */
/* Scatter-gather helpers for the queue devices' readv/writev loops. */
#ifndef UNIMON_IOV_H
#define UNIMON_IOV_H

#include <stddef.h>
#include <sys/uio.h>

/*
 * Step *iov (*n entries) past done bytes that a partial readv/writev
 * moved: whole entries are dropped, a partial one is trimmed.
 */
static inline void iov__advance(struct iovec **iov, unsigned int *n,
				size_t done)
{
	while (*n && done >= (*iov)->iov_len) {
		done -= (*iov)->iov_len;
		(*iov)++;
		(*n)--;
	}
	if (*n) {
		(*iov)->iov_base = (char *)(*iov)->iov_base + done;
		(*iov)->iov_len -= done;
	}
}

#endif
