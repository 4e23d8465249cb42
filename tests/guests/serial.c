/* SPDX-License-Identifier: MIT */
/*
 * Talks to the 16550 directly: echoes stdin (through the UART's receive
 * register) to the UART's transmit register in upper case, until EOF
 * (no byte for a while) or a '.'.
 */
#include <stdint.h>
#include <unimon/unimon.h>

#define COM1 0x3f8
#define LSR (COM1 + 5)

static void tx(char c)
{
	while (!(unimon_inb(LSR) & 0x20))
		;
	unimon_outb(COM1, c);
}

static void tx_str(const char *s)
{
	while (*s)
		tx(*s++);
}

int main(void)
{
	unsigned long idle = 0;

	tx_str("serial: ");
	while (idle < 200000) {
		char c;

		if (!(unimon_inb(LSR) & 1)) {
			idle++;
			continue;
		}
		idle = 0;
		c = unimon_inb(COM1);
		if (c == '.')
			break;
		tx(c >= 'a' && c <= 'z' ? c - 32 : c);
	}
	tx_str("\n");
	return 0;
}
