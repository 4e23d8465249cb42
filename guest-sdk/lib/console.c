// SPDX-License-Identifier: MIT
/*
 * The console: one of the hypercall console, a 16550 UART, the debug
 * console port, or nothing. Long-mode start-up picks one from the device
 * tree (lib/bootinfo.c); until then, and always in real mode, output goes
 * to the debug console at its fixed port 0xe9.
 */
#include <unimon/unimon.h>
#include "internal.h"

/* 16550 registers and bits, as offsets from its base port. */
#define UART_THR 0	 /* transmit holding register */
#define UART_LSR 5	 /* line status register */
#define UART_LSR_THRE 0x20 /* THR empty: room for a byte */
/* Bound on LSR polls per byte: a port nobody decodes reads 0xff or 0. */
#define UART_POLL_LIMIT 1000

static struct {
	enum unimon_console_kind kind;
	uint16_t port;
	/* The queue console's (a pointer: real mode has no queues). */
	long (*queue_write)(const void *buf, size_t len);
} console = { UNIMON_CONSOLE_DEBUGCON, UNIMON_DEBUGCON_PORT, NULL };

void unimon_console__setup(enum unimon_console_kind kind, uint16_t port)
{
	console.kind = kind;
	console.port = port;
}

void unimon_console__setup_writer(long (*write)(const void *buf, size_t len))
{
	console.kind = UNIMON_CONSOLE_QUEUE;
	console.queue_write = write;
}

static long hypercall_write(const char *buf, size_t len)
{
	struct unimon_hc_console_write hc;
	size_t done = 0;
	int err;

	while (done < len) {
		hc.buf = (uintptr_t)(buf + done);
		hc.len = len - done;
		hc.ret = UNIMON_ENOSYS;
		err = unimon_hypercall(UNIMON_HC_CONSOLE_WRITE, &hc);
		if (err)
			return err;
		if (hc.ret <= 0 || (uint64_t)hc.ret > hc.len) {
			/* An error or no progress: report what got through. */
			if (done)
				return done;
			return hc.ret < 0 ? hc.ret : UNIMON_EIO;
		}
		done += hc.ret;
	}
	return done;
}

static void serial_putc(uint16_t port, char c)
{
	int i;

	for (i = 0; i < UART_POLL_LIMIT; i++) {
		if (unimon_inb(port + UART_LSR) & UART_LSR_THRE)
			break;
	}
	unimon_outb(port + UART_THR, c);
}

long unimon_console_write(const void *buf, size_t len)
{
	const char *p = buf;
	size_t i;

	switch (console.kind) {
	case UNIMON_CONSOLE_QUEUE:
		return len ? console.queue_write(p, len) : 0;
	case UNIMON_CONSOLE_HYPERCALL:
		return len ? hypercall_write(p, len) : 0;
	case UNIMON_CONSOLE_SERIAL:
		for (i = 0; i < len; i++)
			serial_putc(console.port, p[i]);
		break;
	case UNIMON_CONSOLE_DEBUGCON:
		for (i = 0; i < len; i++)
			unimon_outb(console.port, p[i]);
		break;
	case UNIMON_CONSOLE_NONE:
		break;
	}
	return len;
}
