/* SPDX-License-Identifier: MIT */
/* The boot information handed to the guest: a flattened device tree. */
#ifndef UNIMON_BOOTINFO_H
#define UNIMON_BOOTINFO_H

#include <stddef.h>
#include <stdint.h>

struct vm;

/*
 * Build the tree into buf (size bytes), with heap [heap[0], heap[1]):
 * 0, or -1 with err__set(). Separate from guest memory so unit tests can
 * read it back.
 */
int bootinfo__build_fdt(void *buf, size_t size, struct vm *vm,
			const uint64_t heap[2]);

/* Build the tree at CONFIG_BOOTINFO_ADDR, with the heap [heap[0], heap[1]). */
int bootinfo__build(struct vm *vm, const uint64_t heap[2]);

#endif
