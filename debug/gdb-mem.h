/* SPDX-License-Identifier: MIT */
/*
 * gdb's m and M packets (debug/gdbstub.c): guest memory read and written
 * with the breakpoints' bytes hidden (debug/gdb-bp.c); p is the packet
 * after its letter, out the reply.
 */
#ifndef UNIMON_GDB_MEM_H
#define UNIMON_GDB_MEM_H

struct vm;

/* m addr,len: as many bytes as are readable from addr. */
void gdb_mem__read(struct vm *vm, const char *p, char *out);
/* M addr,len:bytes (into the kept byte where a breakpoint sits). */
void gdb_mem__write(struct vm *vm, const char *p, char *out);

#endif
