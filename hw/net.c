// SPDX-License-Identifier: MIT
/*
 * Network interfaces over host tap devices: --net NAME=TAP[,mac=MAC].
 * This is the part both transports share (hw/net.h): the command line,
 * attaching the taps, MAC and MTU, and the /net nodes of the device tree.
 *
 * The tap must already exist (the monitor never creates one: that needs
 * privileges a deployment should not hand a monitor); it is attached with
 * TUNSETIFF (IFF_TAP | IFF_NO_PI) on a non-blocking /dev/net/tun
 * descriptor. How frames move is the transport's business: a hypercall
 * per frame (hw/net-hc.c) or shared-memory queues (hw/net-queue.c).
 * docs/ABI.md has the guest's view.
 */
#include <errno.h>
#include <libfdt.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "core/device.h"
#include "core/error.h"
#include "core/strutil.h"
#include "core/tap.h"
#include "hw/net.h"
#include "shared/util.h"
#include "unimon/abi.h"

struct net_if net__ifs[CONFIG_NET_MAX_DEVICES];
unsigned int net__nifs;

/* Command line ------------------------------------------------------- */

static int __attribute__((format(printf, 2, 3)))
bad_option(const char *arg, const char *fmt, ...)
{
	char why[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	pr_err("--net %s: %s (see 'unimon --help')", arg, why);
	return UNIMON_EXIT_USAGE;
}

/* The ",key=value" options after TAP. */
static int parse_opts(const char *arg, const char *s, struct net_if *n)
{
	while (*s == ',') {
		const char *opt = s + 1, *end = strchrnul(opt, ',');
		size_t len = end - opt;

		if (len > 4 && !strncmp(opt, "mac=", 4)) {
			if (n->mac_given)
				return bad_option(arg, "mac given twice");
			if (tap__parse_mac(opt + 4, len - 4, n->mac))
				return bad_option(arg, "bad MAC address '%.*s' "
						  "(want xx:xx:xx:xx:xx:xx)",
						  (int)len - 4, opt + 4);
			if (n->mac[0] & 1)
				return bad_option(arg, "MAC address %.*s is "
						  "multicast (want unicast)",
						  (int)len - 4, opt + 4);
			if (!memcmp(n->mac, "\0\0\0\0\0\0", 6))
				return bad_option(arg, "MAC address is all zero");
			n->mac_given = 1;
		} else {
			return bad_option(arg, "unknown option '%.*s' (want "
					  "mac=xx:xx:xx:xx:xx:xx)", (int)len, opt);
		}
		s = end;
	}
	return 0;
}

/* --net NAME=TAP[,mac=xx:xx:xx:xx:xx:xx]; runs before the VM exists. */
static int net_parse(struct options *o, const char *arg)
{
	const char *eq = strchr(arg, '='), *tap, *end;
	struct net_if n = { .fd = -1 };
	unsigned int i;
	int rc;

	if (net__nifs == CONFIG_NET_MAX_DEVICES)
		return bad_option(arg, "at most %d network interfaces "
				  "(CONFIG_NET_MAX_DEVICES)",
				  CONFIG_NET_MAX_DEVICES);
	if (!eq)
		return bad_option(arg, "want NAME=TAP[,mac=xx:xx:xx:xx:xx:xx]");
	if (!dev_name_ok(arg, eq - arg))
		return bad_option(arg, "bad interface name '%.*s' (1-%d of "
				  "A-Z a-z 0-9 _ -)", (int)(eq - arg), arg,
				  NET_NAME_MAX);
	tap = eq + 1;
	end = strchrnul(tap, ',');
	if (!tap__name_ok(tap, end - tap))
		return bad_option(arg, "bad tap interface name '%.*s' (1-%d "
				  "characters, no '/', ':' or spaces)",
				  (int)(end - tap), tap, IFNAMSIZ - 1);
	memcpy(n.name, arg, eq - arg);
	memcpy(n.tap, tap, end - tap);
	rc = parse_opts(arg, end, &n);
	if (rc)
		return rc;
	for (i = 0; i < net__nifs; i++) {
		if (!strcmp(net__ifs[i].name, n.name))
			return bad_option(arg, "interface name %s given twice",
					  n.name);
		if (!strcmp(net__ifs[i].tap, n.tap))
			return bad_option(arg, "tap %s already attached as %s",
					  n.tap, net__ifs[i].name);
	}
	net__ifs[net__nifs++] = n;
	return 0;
}

/* Set-up ------------------------------------------------------------- */

static int net_init_one(struct net_if *n)
{
	char who[NET_NAME_MAX + 8];
	int rc;

	snprintf(who, sizeof(who), "--net %.*s", NET_NAME_MAX, n->name);
	rc = tap__open(who, n->tap, &n->fd, &n->mtu);
	if (rc)
		return rc;
	if (!n->mac_given && tap__random_mac(n->mac)) {
		pr_err("--net %s: getrandom: %s", n->name, strerror(errno));
		return UNIMON_EXIT_MONITOR;
	}
	return net_transport__attach(n);
}

static int net_init(struct vm *vm)
{
	unsigned int i;
	int rc;

	for (i = 0; i < net__nifs; i++) {
		rc = net_init_one(&net__ifs[i]);
		if (rc)
			return rc;
	}
	return 0;
}

static void net_exit(struct vm *vm)
{
	unsigned int i;

	for (i = 0; i < net__nifs; i++) {
		net_transport__detach(vm, &net__ifs[i]);
		if (net__ifs[i].fd >= 0)
			close(net__ifs[i].fd);
		net__ifs[i].fd = -1;
	}
}

/* Device tree -------------------------------------------------------- */

/*
 * /net/NAME@INDEX: compatible, reg (the handle), MAC, MTU, and the
 * transport's properties (its wait bit, its queues).
 */
static int net_fdt_if(void *fdt, unsigned int i)
{
	const struct net_if *n = &net__ifs[i];
	char unit[NET_NAME_MAX + 16];
	int parent = fdt_path_offset(fdt, "/net"), node;

	if (parent < 0)
		return parent;
	snprintf(unit, sizeof(unit), "%.*s@%x", NET_NAME_MAX, n->name, i);
	node = fdt_add_subnode(fdt, parent, unit);
	if (node < 0)
		return node;
	return fdt_setprop_string(fdt, node, "compatible", "unimon,net") ?:
	       fdt_setprop_u32(fdt, node, "reg", i) ?:
	       fdt_setprop(fdt, node, "local-mac-address", n->mac,
			   sizeof(n->mac)) ?:
	       fdt_setprop_u32(fdt, node, "mtu", n->mtu) ?:
	       net_transport__fdt(fdt, node, n);
}

static int net_fdt_nodes(void *fdt)
{
	int node = fdt_add_subnode(fdt, 0, "net"), err;
	unsigned int i;

	if (node < 0)
		return node;
	err = fdt_setprop_u32(fdt, node, "#address-cells", 1) ?:
	      fdt_setprop_u32(fdt, node, "#size-cells", 0);
	for (i = 0; i < net__nifs && !err; i++)
		err = net_fdt_if(fdt, i);
	return err;
}

static const struct dev_option net_opts[] = {
	{ "net", "NAME=TAP[,mac=xx:xx:xx:xx:xx:xx]",
	  "attach the existing host tap interface TAP as the guest's network\n"
	  "      interface NAME (repeatable, at most "
	  STR(CONFIG_NET_MAX_DEVICES) "; default MAC: random, local)",
	  net_parse },
	{ 0 },
};

static const struct device net_dev = {
	.name = "net",
	.summary = net_transport__summary,
	.hc = net_transport__hc,
	.opts = net_opts,
	.init = net_init,
	.exit = net_exit,
	.fdt_nodes = net_fdt_nodes,
	.syscalls = net_transport__syscalls,
};
DEVICE_REGISTER(net_dev);
