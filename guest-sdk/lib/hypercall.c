// SPDX-License-Identifier: MIT
/*
 * The hypercall primitive: outl of the argument struct's guest physical
 * address (identity-mapped, so its virtual address) to port base + nr.
 */
#include <unimon/unimon.h>
#include "internal.h"

/* /hypercall/unimon,port-base may move it; abi.h gives the default. */
static uint16_t hc_port_base = UNIMON_HC_PORT_BASE;

void unimon_hypercall__setup(uint16_t port_base)
{
	hc_port_base = port_base;
}

int unimon_hypercall(unsigned int nr, void *arg)
{
	uintptr_t addr = (uintptr_t)arg;

	if (nr >= UNIMON_HC_MAX)
		return UNIMON_EINVAL;
	if ((uint64_t)addr >> 32)
		return UNIMON_EFAULT;
	/*
	 * The monitor reads and writes *arg while the guest is stopped on
	 * this instruction: the "memory" clobber makes the compiler store
	 * the fields before it and reload them after.
	 */
	asm volatile("outl %0, %w1"
		     :
		     : "a"((uint32_t)addr), "Nd"((uint16_t)(hc_port_base + nr))
		     : "memory");
	return 0;
}

int64_t unimon_hypercall__wait(uint64_t timeout_ns, uint64_t *ready)
{
	struct unimon_hc_wait a = { timeout_ns, 0, UNIMON_ENOSYS };
	int err = unimon_hypercall(UNIMON_HC_WAIT, &a);

	if (err)
		return err;
	if (ready)
		*ready = a.ready;
	return a.ret;
}
