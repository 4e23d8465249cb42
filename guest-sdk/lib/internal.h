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
};
void unimon_console__setup(enum unimon_console_kind kind, uint16_t port);

/* exit.c: how unimon_exit() ends the guest; port < 0 means none. */
void unimon_exit__setup(bool hypercall, int port);

/* hypercall.c */
void unimon_hypercall__setup(uint16_t port_base);

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
