// SPDX-License-Identifier: MIT
/* gdb's m and M packets (debug/gdb-mem.h). */
#include <string.h>
#include "core/guestmem.h"
#include "core/strutil.h"
#include "core/vm.h"
#include "debug/gdb-bp.h"
#include "debug/gdb-mem.h"
#include "debug/gdb-packet.h"

/* m addr,len: as many bytes as are readable from addr, breakpoints hidden. */
void gdb_mem__read(struct vm *vm, const char *p, char *out)
{
	uint64_t addr, len, n, i;
	const uint8_t *m;

	if (gdb_hex__range(&p, &addr, &len, 0)) {
		strcpy(out, "E01");
		return;
	}
	if (len > (GDB_PKT_MAX - 4) / 2)
		len = (GDB_PKT_MAX - 4) / 2;
	m = gmem__ptr(&vm->mem, addr, len);
	for (n = m ? len : 0;
	     !m && n < len && gmem__ptr(&vm->mem, addr + n, 1); n++)
		;
	if (len && !n) {
		strcpy(out, "E14");
		return;
	}
	m = gmem__ptr(&vm->mem, addr, n);
	for (i = 0; i < n; i++) {
		uint8_t c = gdb_bp__read(addr + i, m[i]);

		*out++ = gdb_hex[c >> 4];
		*out++ = gdb_hex[c & 15];
	}
	*out = 0;
}

/* M addr,len:bytes (into the saved byte where a breakpoint sits). */
void gdb_mem__write(struct vm *vm, const char *p, char *out)
{
	uint64_t addr, len, i, v;
	uint8_t *m;

	strcpy(out, "E01");
	if (gdb_hex__range(&p, &addr, &len, ':') || strlen(p) != 2 * len)
		return;
	for (i = 0; i < 2 * len; i++)
		if (hex_digit(p[i]) < 0)
			return;
	m = gmem__ptr(&vm->mem, addr, len);
	if (!m) {
		strcpy(out, "E14");
		return;
	}
	for (i = 0; i < len; i++) {
		gdb_hex__get_le(&p, &v, 1);
		if (!gdb_bp__write(addr + i, v))
			m[i] = v;
	}
	strcpy(out, "OK");
}
