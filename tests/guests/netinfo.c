/* SPDX-License-Identifier: MIT */
/*
 * What the SDK reads from the device tree's /net nodes: one line per
 * interface, the lookups by name, and the /net node's own cells. Tests
 * compare the lines with the --net options they gave.
 *   netinfo [NAME...]    (also prints unimon_net_find(NAME) for each)
 */
#include <stdio.h>
#include <unimon/fdt.h>
#include <unimon/net.h>
#include <unimon/unimon.h>

int main(int argc, char **argv)
{
	const void *fdt = unimon_fdt();
	struct unimon_net_info info;
	int n = unimon_net_count(), h, node;
	uint32_t ac = 99, sc = 99;

	printf("count %d\n", n);
	for (h = 0; h < n; h++) {
		if (unimon_net_info(h, &info)) {
			printf("net %d: missing\n", h);
			continue;
		}
		printf("net %d: name %s mac %02x:%02x:%02x:%02x:%02x:%02x "
		       "mtu %u wait-bit %d%s%s\n",
		       h, info.name, info.mac[0], info.mac[1], info.mac[2],
		       info.mac[3], info.mac[4], info.mac[5], info.mtu,
		       info.wait_bit, info.mac[0] & 2 ? " local" : " global",
		       info.mac[0] & 1 ? " multicast" : " unicast");
		printf("wait-bit %d: %d\n", h, unimon_net_wait_bit(h));
	}
	printf("info %d: %d\n", n, unimon_net_info(n, &info));
	printf("info -1: %d\n", unimon_net_info(-1, &info));
	for (h = 1; h < argc; h++)
		printf("find %s: %d\n", argv[h], unimon_net_find(argv[h]));
	node = unimon_fdt_path_offset(fdt, "/net");
	if (node < 0) {
		printf("/net: none\n");
		return 0;
	}
	unimon_fdt_getprop_u32(fdt, node, "#address-cells", &ac);
	unimon_fdt_getprop_u32(fdt, node, "#size-cells", &sc);
	printf("/net: #address-cells %u #size-cells %u\n", ac, sc);
	return 0;
}
