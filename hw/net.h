/* SPDX-License-Identifier: MIT */
/*
 * Network interfaces over host taps: what the common part (hw/net.c:
 * command line, attaching the taps, MAC and MTU, the /net nodes) shares
 * with the transport that moves the frames. hw/Build.mk links exactly one
 * transport: hw/net-hc.c (a hypercall per frame) or hw/net-queue.c (a
 * transmit and a receive queue per interface, CONFIG_NET_QUEUE). The
 * device (one struct device, in hw/net.c) carries the transport's
 * net_transport__* declarations below.
 */
#ifndef UNIMON_HW_NET_H
#define UNIMON_HW_NET_H

#include <net/if.h>
#include <stdint.h>
#include "unimon/abi.h"

struct vm;
struct dev_option;

#define NET_NAME_MAX UNIMON_NET_NAME_MAX	/* the guest's name for it */
#define ETH_HDR UNIMON_NET_ETH_HLEN		/* destination, source, type */
#define VLAN_TAG UNIMON_NET_VLAN_HLEN		/* an optional 802.1Q tag */
/* The receive buffer: any frame a tap delivers (MTU at most 65521). */
#define NET_RX_BUF_SIZE UNIMON_NET_RECV_MAX

struct net_if {
	char name[NET_NAME_MAX + 1];
	char tap[IFNAMSIZ];
	uint8_t mac[6];
	int mac_given;
	int fd;		/* the tap: non-blocking */
	uint32_t mtu;
	void *priv;	/* the transport's state */
};

extern struct net_if net__ifs[];
extern unsigned int net__nifs;


/* The longest frame the guest may send on n (the hypercall's rule). */
static inline uint64_t net__frame_max(const struct net_if *n)
{
	return (uint64_t)n->mtu + ETH_HDR + VLAN_TAG;
}

/*
 * A frame of len bytes to send on n: 0, UNIMON_EINVAL (shorter than the
 * Ethernet header) or UNIMON_EMSGSIZE (longer than the MTU allows).
 */
static inline int net__check_send_len(const struct net_if *n, uint64_t len)
{
	if (len < ETH_HDR)
		return UNIMON_EINVAL;
	if (len > net__frame_max(n))
		return UNIMON_EMSGSIZE;
	return 0;
}

/*
 * The transport, data the device carries: its one-line summary, its
 * hypercalls (a list ending { 0 }, maybe empty), the system calls it
 * makes while the guest runs (ending -1); attach: after n's tap is
 * attached (0, or an exit code after one line on stderr); fdt: its
 * properties of n's node (at least unimon,wait-bit); detach: before the
 * tap is closed.
 */
extern const char net_transport__summary[];
extern const struct hypercall net_transport__hc[];
extern const int net_transport__syscalls[];
int net_transport__attach(struct net_if *n);
int net_transport__fdt(void *fdt, int node, const struct net_if *n);
void net_transport__detach(struct vm *vm, struct net_if *n);

#endif
