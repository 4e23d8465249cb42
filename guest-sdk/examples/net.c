// SPDX-License-Identifier: MIT
/*
 * A tiny network host: answers ARP requests for its IPv4 address and ICMP
 * echo requests ("ping") sent to it, and ignores every other frame.
 * Between frames it sleeps in the monitor (unimon_net_wait), so an idle
 * guest costs no host CPU.
 *
 *   unimon --net net0=TAP net.elf -- IP [if=NAME] [count=N]
 *
 *   IP      the guest's address, e.g. 10.55.0.2
 *   NAME    the interface to use (default: the first one)
 *   N       exit 0 after answering N echo requests (default: run until
 *           the monitor is stopped)
 *
 * On the host (as root), a tap with an address in the same subnet:
 *
 *   ip tuntap add dev tap0 mode tap
 *   ip addr add 10.55.0.1/24 dev tap0
 *   ip link set tap0 up
 *   unimon --net net0=tap0 build/sdk/examples/net.elf -- 10.55.0.2 &
 *   ping 10.55.0.2
 *
 * Frames are parsed in place and the answer is built in the same buffer.
 * Multi-byte fields on the wire are big-endian ("network order"); x86 is
 * little-endian, hence be16() / to_be16() below.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unimon/net.h>
#include <unimon/unimon.h>

#define ETH_TYPE_IPV4 0x0800
#define ETH_TYPE_ARP 0x0806
#define ETH_MIN_FRAME 60 /* shorter frames are padded (no FCS here) */
#define ARP_HW_ETHERNET 1
#define ARP_REQUEST 1
#define ARP_REPLY 2
#define IP_PROTO_ICMP 1
#define IP_FLAG_MF 0x2000	  /* more fragments */
#define IP_FRAG_OFFSET 0x1fff
#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO_REQUEST 8

/* The wire formats; packed: no padding, any alignment. */
struct eth_hdr {
	uint8_t dst[6];
	uint8_t src[6];
	uint16_t type;		/* big-endian */
} __attribute__((packed));

struct arp_pkt {		/* ARP for IPv4 over Ethernet (RFC 826) */
	uint16_t htype;		/* 1: Ethernet */
	uint16_t ptype;		/* 0x0800: IPv4 */
	uint8_t hlen, plen;	/* 6, 4 */
	uint16_t oper;		/* 1 request, 2 reply */
	uint8_t sha[6], spa[4]; /* sender MAC and IPv4 address */
	uint8_t tha[6], tpa[4]; /* target MAC and IPv4 address */
} __attribute__((packed));

struct ipv4_hdr {		/* RFC 791, without options */
	uint8_t ver_ihl;	/* version 4, header length in 32-bit words */
	uint8_t tos;
	uint16_t total_len;	/* header + payload */
	uint16_t id;
	uint16_t frag;		/* flags and fragment offset */
	uint8_t ttl;
	uint8_t proto;
	uint16_t csum;
	uint8_t src[4], dst[4];
} __attribute__((packed));

struct icmp_echo {		/* RFC 792; the payload follows */
	uint8_t type, code;
	uint16_t csum;
	uint16_t id, seq;
} __attribute__((packed));

/* Network order <-> host order for 16-bit fields (x86 is little-endian). */
static inline uint16_t be16(uint16_t wire)
{
	return (uint16_t)(wire << 8 | wire >> 8);
}

static inline uint16_t to_be16(uint16_t host)
{
	return be16(host);
}

/*
 * The Internet checksum (RFC 1071): the ones' complement of the ones'
 * complement sum of the data as big-endian 16-bit words. Computed over
 * data that includes a correct checksum field, it is 0.
 */
static uint16_t inet_checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (; len > 1; p += 2, len -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (len)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static struct {
	uint8_t mac[6];
	uint8_t ip[4];
	unsigned long arp, echo, ignored;
} me;

static const uint8_t broadcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* Address the answer in frame back to where the request came from. */
static void eth_reply(struct eth_hdr *eth)
{
	memcpy(eth->dst, eth->src, 6);
	memcpy(eth->src, me.mac, 6);
}

/* An ARP request for our address becomes the reply; its length, or 0. */
static size_t answer_arp(uint8_t *frame, size_t len)
{
	struct arp_pkt *arp = (struct arp_pkt *)(frame + sizeof(struct eth_hdr));

	if (len < sizeof(struct eth_hdr) + sizeof(*arp) ||
	    be16(arp->htype) != ARP_HW_ETHERNET ||
	    be16(arp->ptype) != ETH_TYPE_IPV4 || arp->hlen != 6 ||
	    arp->plen != 4 || be16(arp->oper) != ARP_REQUEST ||
	    memcmp(arp->tpa, me.ip, 4))
		return 0;
	arp->oper = to_be16(ARP_REPLY);
	memcpy(arp->tha, arp->sha, 6);
	memcpy(arp->tpa, arp->spa, 4);
	memcpy(arp->sha, me.mac, 6);
	memcpy(arp->spa, me.ip, 4);
	eth_reply((struct eth_hdr *)frame);
	len = sizeof(struct eth_hdr) + sizeof(*arp);
	memset(frame + len, 0, ETH_MIN_FRAME - len); /* the buffer is larger */
	me.arp++;
	return ETH_MIN_FRAME;
}

/* An ICMP echo request to us becomes the echo reply; its length, or 0. */
static size_t answer_ipv4(uint8_t *frame, size_t len)
{
	struct ipv4_hdr *ip = (struct ipv4_hdr *)(frame + sizeof(struct eth_hdr));
	struct icmp_echo *icmp = (struct icmp_echo *)(ip + 1);
	size_t ip_len, icmp_len;

	/* Unfragmented IPv4 without options, carrying ICMP, sent to us. */
	if (len < sizeof(struct eth_hdr) + sizeof(*ip) || ip->ver_ihl != 0x45 ||
	    inet_checksum(ip, sizeof(*ip)) != 0 ||
	    (be16(ip->frag) & (IP_FLAG_MF | IP_FRAG_OFFSET)) ||
	    ip->proto != IP_PROTO_ICMP || memcmp(ip->dst, me.ip, 4))
		return 0;
	/* total_len, not the frame length: short frames carry padding. */
	ip_len = be16(ip->total_len);
	if (ip_len < sizeof(*ip) + sizeof(*icmp) ||
	    ip_len > len - sizeof(struct eth_hdr))
		return 0;
	icmp_len = ip_len - sizeof(*ip);
	if (icmp->type != ICMP_ECHO_REQUEST || icmp->code != 0 ||
	    inet_checksum(icmp, icmp_len) != 0)
		return 0;

	/* Same id, sequence number and payload; new type and checksum. */
	icmp->type = ICMP_ECHO_REPLY;
	icmp->csum = 0;
	icmp->csum = to_be16(inet_checksum(icmp, icmp_len));
	/* Swap the addresses, fresh TTL, new header checksum. */
	memcpy(ip->dst, ip->src, 4);
	memcpy(ip->src, me.ip, 4);
	ip->ttl = 64;
	ip->csum = 0;
	ip->csum = to_be16(inet_checksum(ip, sizeof(*ip)));
	eth_reply((struct eth_hdr *)frame);
	me.echo++;
	return sizeof(struct eth_hdr) + ip_len;
}

/* The answer to one received frame, built in place: its length, or 0. */
static size_t answer(uint8_t *frame, size_t len)
{
	const struct eth_hdr *eth = (const struct eth_hdr *)frame;
	size_t out = 0;

	/* Only frames for us or for everyone (the tap may see others). */
	if (len >= sizeof(*eth) && (!memcmp(eth->dst, me.mac, 6) ||
				    !memcmp(eth->dst, broadcast, 6))) {
		if (be16(eth->type) == ETH_TYPE_ARP)
			out = answer_arp(frame, len);
		else if (be16(eth->type) == ETH_TYPE_IPV4)
			out = answer_ipv4(frame, len);
	}
	if (!out)
		me.ignored++;
	return out;
}

static int usage(void)
{
	printf("usage: net.elf -- IP [if=NAME] [count=N]\n");
	return 2;
}

int main(int argc, char **argv)
{
	/* Holds any frame, whatever the MTU: no frame stays stuck pending. */
	static uint8_t frame[UNIMON_NET_RECV_MAX];
	struct unimon_net_info info;
	const char *ifname = NULL;
	unsigned long count = 0;
	int h = 0, i;

	if (argc < 2 || unimon_parse_ipv4(argv[1], me.ip))
		return usage();
	for (i = 2; i < argc; i++) {
		if (!strncmp(argv[i], "if=", 3))
			ifname = argv[i] + 3;
		else if (!strncmp(argv[i], "count=", 6))
			count = strtoul(argv[i] + 6, NULL, 10);
		else
			return usage();
	}
	if (ifname)
		h = unimon_net_find(ifname);
	if (unimon_net_info(h, &info) < 0) {
		printf("net: no network interface %s (start unimon with "
		       "--net NAME=TAP)\n", ifname ? ifname : "at all");
		return 1;
	}
	memcpy(me.mac, info.mac, 6);
	printf("net: %s mac %02x:%02x:%02x:%02x:%02x:%02x mtu %u: answering "
	       "ARP and ping for %s\n", info.name, me.mac[0], me.mac[1],
	       me.mac[2], me.mac[3], me.mac[4], me.mac[5], info.mtu, argv[1]);

	while (!count || me.echo < count) {
		int64_t n, sent;
		size_t out;

		/* Sleep in the monitor until a frame is there. */
		n = unimon_net_wait(h, UNIMON_WAIT_FOREVER);
		if (n < 0) {
			printf("net: wait failed: %lld%s\n", (long long)n,
			       n == UNIMON_ENOSYS ? " (no wait hypercall: "
						    "enable CONFIG_WAIT)" : "");
			return 1;
		}
		n = unimon_net_recv(h, frame, sizeof(frame));
		if (n == UNIMON_EAGAIN)
			continue;
		/*
		 * With queues: a frame longer than the MTU (the tap's MTU was
		 * raised after the start) was dropped by the monitor.
		 */
		if (n == UNIMON_EMSGSIZE) {
			me.ignored++;
			continue;
		}
		if (n < 0) {
			printf("net: receive failed: %lld\n", (long long)n);
			return 1;
		}
		out = answer(frame, (size_t)n);
		if (!out)
			continue;
		sent = unimon_net_send(h, frame, out);
		if (sent != (int64_t)out)
			printf("net: send failed: %lld\n", (long long)sent);
	}
	printf("net: answered %lu ARP and %lu echo requests, ignored %lu "
	       "frames\n", me.arp, me.echo, me.ignored);
	return 0;
}
