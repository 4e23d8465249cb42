/* SPDX-License-Identifier: MIT */
/*
 * Declarations shared between the SDK's own files; not for guests.
 * Names follow kvmtool's subsys__verb style so that they cannot clash
 * with a guest's own symbols.
 */
#ifndef UNIMON_SDK_INTERNAL_H
#define UNIMON_SDK_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The fixed legacy ports of real mode, also the fallbacks before boot. */
#define UNIMON_DEBUGCON_PORT 0xe9
#define UNIMON_EXIT_PORT 0xf4

/* console.c */
enum unimon_console_kind {
	UNIMON_CONSOLE_NONE,	  /* output is discarded */
	UNIMON_CONSOLE_HYPERCALL, /* UNIMON_HC_CONSOLE_WRITE */
	UNIMON_CONSOLE_SERIAL,	  /* 16550 UART at port */
	UNIMON_CONSOLE_DEBUGCON,  /* one byte per outb to port */
	UNIMON_CONSOLE_QUEUE,	  /* a shared-memory queue (long mode) */
};
void unimon_console__setup(enum unimon_console_kind kind, uint16_t port);
/* The queue console (console_queue.c, long mode) installs its writer. */
void unimon_console__setup_writer(long (*write)(const void *buf, size_t len));
struct unimon_queue;
void unimon_console__setup_queue(const struct unimon_queue *q);

/*
 * queue.c (long mode): the guest's side of a shared-memory queue
 * (unimon/abi.h). One user at a time; the SDK has no threads.
 */
struct unimon_queue_hdr;
struct unimon_queue_desc;
struct unimon_queue {
	struct unimon_queue_hdr *hdr;
	uint32_t entries;
	uint16_t port;	/* the doorbell */
	int wait_bit;	/* -1: the guest cannot sleep on it */
	uint32_t prod;	/* requests published */
	uint32_t cons;	/* completions taken */
};
/* From a 4-cell queue property (unimon,queue): true if it is usable. */
bool unimon_queue__init(struct unimon_queue *q, const void *prop, int len,
			int wait_bit);
/* The next free descriptor, or NULL when the ring is full. */
struct unimon_queue_desc *unimon_queue__slot(struct unimon_queue *q);
/* Hand the descriptor from unimon_queue__slot() to the monitor. */
void unimon_queue__publish(struct unimon_queue *q);
/*
 * The same in two steps, for a batch: publish each descriptor quietly,
 * then kick once (rings the doorbell only if the monitor is idle).
 */
void unimon_queue__publish_quiet(struct unimon_queue *q);
void unimon_queue__kick(struct unimon_queue *q);
/* The oldest completion not yet taken, or NULL. */
struct unimon_queue_desc *unimon_queue__done(struct unimon_queue *q);
void unimon_queue__take(struct unimon_queue *q);
/* Until a completion is there (or none is outstanding): 0 or UNIMON_EIO. */
int unimon_queue__wait(struct unimon_queue *q);
/* The monitor stopped the queue (a malformed ring). */
bool unimon_queue__broken(const struct unimon_queue *q);

/*
 * The queues unimon_wait() (dev_wait.c) watches while the guest waits: a
 * device file (dev_net.c, dev_block.c) registers a waiter with
 * UNIMON_WAITER. The registry is a linker section, so dev_wait.c calls
 * into no device file, and a guest without a device's code has none.
 */
struct unimon_waiter {
	/* The queues to watch now (set up on the way), at most max. */
	unsigned int (*queues)(struct unimon_queue **qs, unsigned int max);
	/*
	 * true: receive queues, polled before sleeping, a filled buffer is
	 * input; false: requests the guest awaits (only guest_waiting set).
	 */
	bool poll;
};
#define UNIMON_WAITER(w)                                                      \
	static const struct unimon_waiter *const __unimon_waiter_##w          \
		__attribute__((used, section("unimon_waiters"),               \
			       aligned(sizeof(void *)))) = &w

/* exit.c: how unimon_exit() ends the guest; port < 0 means none. */
void unimon_exit__setup(bool hypercall, int port);

/* hypercall.c */
void unimon_hypercall__setup(uint16_t port_base);
/* The wait hypercall alone: its ret, *ready (may be NULL) its bits. */
int64_t unimon_hypercall__wait(uint64_t timeout_ns, uint64_t *ready);

/* bootinfo.c: parse the FDT and configure the devices it lists. */
int unimon_bootinfo__init(const void *fdt);
/* /chosen/unimon,args: len bytes of NUL-terminated strings, or NULL. */
const char *unimon_bootinfo__args(int *len);

/* start.c: entered from _start in crt0.S. */
__attribute__((__noreturn__)) void unimon_crt__start(const void *fdt);

/* malloc.c */
void unimon_heap__init(uintptr_t start, uintptr_t end);

/* time.c */
void unimon_time__init(uint32_t tsc_khz);

/*
 * printf.c: the formatter writes into a sink. A full sink is flushed
 * with flush() if there is one, else further output is dropped; total
 * counts every byte produced either way.
 */
struct unimon_sink {
	char *buf;
	size_t cap;
	size_t len;
	size_t total;
	void (*flush)(struct unimon_sink *sink);
};
int unimon_printf__vformat(struct unimon_sink *sink, const char *fmt,
			    va_list ap);
int unimon_printf__vsnprintf(char *buf, size_t size, const char *fmt,
			      va_list ap);

#endif
