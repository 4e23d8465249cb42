// SPDX-License-Identifier: MIT
/*
 * 16550A UART at 0x3f8, polled (no interrupts): transmitted bytes go to
 * stdout, received bytes come from stdin. The line status register says
 * a byte is ready when stdin has one (checked without blocking).
 */
#include <errno.h>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <libfdt.h>
#include "core/console-out.h"
#include "core/device.h"

#define UART_BASE 0x3f8
#define REG_DATA 0	/* RBR / THR, DLL with DLAB */
#define REG_IER 1	/* DLM with DLAB */
#define REG_IIR 2	/* FCR on write */
#define REG_LCR 3
#define REG_MCR 4
#define REG_LSR 5
#define REG_MSR 6
#define REG_SCR 7
#define LCR_DLAB 0x80
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define MSR_CTS_DSR_DCD 0xb0

static struct uart {
	uint8_t ier, lcr, mcr, scr, fcr, dll, dlm;
	int rx;		/* pending received byte, or -1 */
	int rx_eof;
} u = { .rx = -1, .dll = 12 /* 9600 baud */ };

static void poll_stdin(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	unsigned char c;
	ssize_t n;

	if (u.rx >= 0 || u.rx_eof || poll(&p, 1, 0) <= 0)
		return;
	n = read(STDIN_FILENO, &c, 1);
	if (n == 1)
		u.rx = c;
	else if (n == 0 || (errno != EINTR && errno != EAGAIN))
		u.rx_eof = 1; /* end of file or a real error: stop polling */
}

static uint8_t uart_read(unsigned int reg)
{
	uint8_t v;

	switch (reg) {
	case REG_DATA:
		if (u.lcr & LCR_DLAB)
			return u.dll;
		poll_stdin();
		v = u.rx >= 0 ? u.rx : 0;
		u.rx = -1;
		return v;
	case REG_IER:
		return u.lcr & LCR_DLAB ? u.dlm : u.ier;
	case REG_IIR:
		return 0x01 | (u.fcr & 1 ? 0xc0 : 0); /* no interrupt pending */
	case REG_LCR:
		return u.lcr;
	case REG_MCR:
		return u.mcr;
	case REG_LSR:
		poll_stdin();
		return LSR_THRE | LSR_TEMT | (u.rx >= 0 ? LSR_DR : 0);
	case REG_MSR:
		return MSR_CTS_DSR_DCD;
	default:
		return u.scr;
	}
}

static void uart_write(unsigned int reg, uint8_t v)
{
	switch (reg) {
	case REG_DATA:
		if (u.lcr & LCR_DLAB)
			u.dll = v;
		else
			conout__putc(v);
		break;
	case REG_IER:
		if (u.lcr & LCR_DLAB)
			u.dlm = v;
		else
			u.ier = v & 0x0f;
		break;
	case REG_IIR:
		u.fcr = v;
		break;
	case REG_LCR:
		u.lcr = v;
		break;
	case REG_MCR:
		u.mcr = v & 0x1f;
		break;
	case REG_SCR:
		u.scr = v;
		break;
	default: /* LSR and MSR are read-only */
		break;
	}
}

static void uart_io(struct vm *vm, void *ctx, uint16_t port, int is_write,
		    uint8_t *data, unsigned int size)
{
	unsigned int reg = port - UART_BASE;

	if (is_write)
		uart_write(reg, data[0]);
	else
		data[0] = uart_read(reg);
}

static const struct pio_region uart_pio[] = {
	{ "serial", "ns16550a", UART_BASE, 8, uart_io, NULL },
	{ 0 },
};

static int uart_props(void *fdt, int node)
{
	return fdt_setprop_u32(fdt, node, "clock-frequency", 1843200);
}

/* Receiving: poll and read stdin. */
static const int uart_syscalls[] = { SYS_poll, SYS_ppoll, SYS_read, -1 };

static const struct device ns16550 = {
	.name = "serial",
	.summary = "16550A UART at 0x3f8: output to stdout, input from stdin",
	.pio = uart_pio,
	.stdout_rank = 2,
	.fdt_props = uart_props,
	.syscalls = uart_syscalls,
};
DEVICE_REGISTER(ns16550);
