// SPDX-License-Identifier: MIT
/*
 * The queue console (long mode): unimon_console_write() copies the bytes
 * into a ring buffer of its own and queues one descriptor per piece, then
 * returns; the monitor's I/O thread writes them out in order, and all of
 * them before the monitor exits. The caller's buffer is free at once.
 * A write error of the monitor (stdout closed) comes back from the next
 * write as UNIMON_EIO.
 */
#include <string.h>
#include <unimon/unimon.h>
#include "internal.h"

#define DATA_SIZE (32 * 1024)
#define PIECE_MAX (8 * 1024) /* bytes per descriptor */

static struct unimon_queue queue;
static char data[DATA_SIZE] __attribute__((aligned(64)));
static uint64_t head, tail; /* bytes queued, bytes written out */
static long error;

static long queue_write(const void *buf, size_t len);

void unimon_console__setup_queue(const struct unimon_queue *q)
{
	queue = *q;
	unimon_console__setup_writer(queue_write);
}

/* Take the completions there are: the space they held is free. */
static void reclaim(void)
{
	struct unimon_queue_desc *d;

	while ((d = unimon_queue__done(&queue))) {
		if (d->ret < 0 && !error)
			error = d->ret;
		tail += d->len;
		unimon_queue__take(&queue);
	}
}

/* Queue up to len bytes in one piece: how many, or 0 if it must wait. */
static size_t queue_piece(const char *p, size_t len)
{
	size_t at = head % DATA_SIZE, room = DATA_SIZE - (head - tail);
	struct unimon_queue_desc *d = unimon_queue__slot(&queue);
	size_t n = len;

	if (!d || !room)
		return 0;
	if (n > room)
		n = room;
	if (n > DATA_SIZE - at)
		n = DATA_SIZE - at;
	if (n > PIECE_MAX)
		n = PIECE_MAX;
	memcpy(data + at, p, n);
	*d = (struct unimon_queue_desc){ .addr = (uintptr_t)(data + at),
					 .len = (uint32_t)n };
	unimon_queue__publish(&queue);
	head += n;
	return n;
}

static long queue_write(const void *buf, size_t len)
{
	const char *p = buf;
	size_t done = 0, n;

	while (done < len) {
		reclaim();
		if (error || unimon_queue__broken(&queue))
			break;
		n = queue_piece(p + done, len - done);
		done += n;
		if (!n && unimon_queue__wait(&queue))
			break;
	}
	if (done < len || error)
		return done ? (long)done : (error ? error : UNIMON_EIO);
	return (long)done;
}
