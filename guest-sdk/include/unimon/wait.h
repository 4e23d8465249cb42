/* SPDX-License-Identifier: MIT */
/*
 * Sleeping in the monitor until a device has input (a network frame) or a
 * timeout passes: the guest idles without spinning.
 */
#ifndef UNIMON_WAIT_H
#define UNIMON_WAIT_H

#include <stdint.h>

#define UNIMON_WAIT_FOREVER UINT64_MAX

/*
 * Wait at most timeout_ns nanoseconds (0: just poll; UNIMON_WAIT_FOREVER:
 * no deadline). Returns how many devices are ready (0 at the deadline) and
 * sets *ready (may be NULL) to their bits: a device's bit is the
 * unimon,wait-bit property of its device-tree node (unimon_net_wait_bit()
 * for network interfaces). Negative UNIMON_E* on error: UNIMON_ENOSYS
 * without the wait hypercall, UNIMON_EINVAL for a wait forever with no
 * device that could end it.
 *
 * Network interfaces with queues (unimon/net.h) are checked in the guest
 * first: a received frame waiting there ends the wait at once with that
 * interface's bit (other devices' bits are not looked at then). Without
 * one, and with a timeout of at least 0.5 ms, the wait polls them for
 * ~0.4 ms before it sleeps in the monitor, so a guest busy with traffic
 * pays no exit per frame.
 */
int64_t unimon_wait(uint64_t timeout_ns, uint64_t *ready);

#endif
