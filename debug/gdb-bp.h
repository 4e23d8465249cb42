/* SPDX-License-Identifier: MIT */
/*
 * gdb's software breakpoints (debug/gdbstub.c): the arch's breakpoint
 * instruction written over guest memory, the byte under each kept, and
 * hidden from gdb's reads and writes of memory.
 */
#ifndef UNIMON_GDB_BP_H
#define UNIMON_GDB_BP_H

#include <stdint.h>

struct vm;

/* 1 if a breakpoint is set at addr. */
int gdb_bp__at(uint64_t addr);
/* The guest's byte at addr as gdb should see it (mem: what is there). */
uint8_t gdb_bp__read(uint64_t addr, uint8_t mem);
/* gdb writes v at addr: 1 if it went under a breakpoint (kept), else 0. */
int gdb_bp__write(uint64_t addr, uint8_t v);
/*
 * Set one at addr (armed: the instruction written now): 0 (also when one
 * is there already), -1 when addr is not guest memory, -2 when full.
 */
int gdb_bp__insert(struct vm *vm, uint64_t addr, int armed);
void gdb_bp__remove(struct vm *vm, uint64_t addr);
/* The instruction in (on) or the kept byte back, where one is set. */
void gdb_bp__arm(struct vm *vm, uint64_t addr, int on);
void gdb_bp__remove_all(struct vm *vm);
/*
 * From now on the breakpoints are only a list (nothing written over
 * memory): a host that cannot stop at an int3 (arch__bp_by_steps).
 */
void gdb_bp__by_steps(void);
/* 1 when a continue must go by single steps to find a breakpoint. */
int gdb_bp__sweep(void);

#endif
