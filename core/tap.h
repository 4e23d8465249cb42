/* SPDX-License-Identifier: MIT */
/*
 * Host tap interfaces, for the network devices (hw/net.c, the Solo5
 * personality's): attaching an existing tap (the monitor never creates
 * one: that needs privileges a deployment should not hand a monitor),
 * its MTU, and MAC addresses.
 */
#ifndef UNIMON_TAP_H
#define UNIMON_TAP_H

#include <stddef.h>
#include <stdint.h>

/* What Linux accepts as an interface name (dev_valid_name), len bytes. */
int tap__name_ok(const char *s, size_t len);

/* Exactly "xx:xx:xx:xx:xx:xx" (len bytes of s): 0, or -1. */
int tap__parse_mac(const char *s, size_t len, uint8_t mac[6]);

/* A random, locally administered unicast MAC: 0, or -1 (errno). */
int tap__random_mac(uint8_t mac[6]);

/*
 * Attach tap, non-blocking (IFF_TAP | IFF_NO_PI, TUNSETIFF): 0 with *fd
 * and its *mtu, or UNIMON_EXIT_NET after one line on stderr that starts
 * with who (the option that named it, e.g. "--net NAME").
 */
int tap__open(const char *who, const char *tap, int *fd, uint32_t *mtu);

#endif
