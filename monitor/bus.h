/* SPDX-License-Identifier: MIT */
/* Port I/O dispatch: hypercall ports, the exception port, device ports. */
#ifndef UNIMON_BUS_H
#define UNIMON_BUS_H

struct vm;

/* Build the dispatch tables from the registered devices: 0, or -1 with
 * err__set() when two devices claim the same port or hypercall. */
int bus__init(void);

/* Handle a KVM_EXIT_IO. */
void bus__pio(struct vm *vm);

/* Handle a KVM_EXIT_MMIO: nothing is mapped there (unclaimed). */
void bus__mmio(struct vm *vm);

#endif
