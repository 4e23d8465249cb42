// SPDX-License-Identifier: MIT
/* The wait hypercall. */
#include <unimon/unimon.h>
#include <unimon/wait.h>

int64_t unimon_wait(uint64_t timeout_ns, uint64_t *ready)
{
	struct unimon_hc_wait a = { timeout_ns, 0, UNIMON_ENOSYS };
	int err = unimon_hypercall(UNIMON_HC_WAIT, &a);

	if (err)
		return err;
	if (ready)
		*ready = a.ready;
	return a.ret;
}
