// SPDX-License-Identifier: MIT
/* Host tap interfaces (core/tap.h). */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>
#include "core/error.h"
#include "core/strutil.h"
#include "core/tap.h"
#include "unimon/abi.h"

#define DEFAULT_MTU 1500

int tap__name_ok(const char *s, size_t len)
{
	size_t i;

	if (len < 1 || len >= IFNAMSIZ || !strncmp(s, ".", len) ||
	    !strncmp(s, "..", len))
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] == '/' || s[i] == ':' || s[i] <= ' ' || s[i] == 0x7f)
			return 0;
	return 1;
}

int tap__parse_mac(const char *s, size_t len, uint8_t mac[6])
{
	int i, hi, lo;

	if (len != 17)
		return -1;
	for (i = 0; i < 6; i++) {
		hi = hex_digit(s[3 * i]);
		lo = hex_digit(s[3 * i + 1]);
		if (hi < 0 || lo < 0 || (i < 5 && s[3 * i + 2] != ':'))
			return -1;
		mac[i] = hi << 4 | lo;
	}
	return 0;
}

int tap__random_mac(uint8_t mac[6])
{
	if (getrandom(mac, 6, 0) != 6)
		return -1;
	/* Locally administered (bit 1), unicast (bit 0 clear). */
	mac[0] = (mac[0] & 0xfc) | 0x02;
	return 0;
}

static uint32_t tap_mtu(const char *tap)
{
	struct ifreq ifr = { 0 };
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	uint32_t mtu = DEFAULT_MTU;

	strncpy(ifr.ifr_name, tap, IFNAMSIZ - 1);
	if (s >= 0 && !ioctl(s, SIOCGIFMTU, &ifr) && ifr.ifr_mtu >= 68)
		mtu = ifr.ifr_mtu;
	if (s >= 0)
		close(s);
	return mtu;
}

/* Why TUNSETIFF refused tap, as one line. */
static void tunsetiff_error(const char *who, const char *tap, int err)
{
	switch (err) {
	case EINVAL:
		pr_err("%s: %s is not a tap interface (a tun, a multi-queue "
		       "tap or another kind)", who, tap);
		break;
	case EPERM:
		pr_err("%s: not permitted to attach tap %s (needs "
		       "CAP_NET_ADMIN, or the tap's owner or group)", who, tap);
		break;
	case EBUSY:
		pr_err("%s: tap %s is in use by another process", who, tap);
		break;
	default:
		pr_err("%s: cannot attach tap %s: %s", who, tap, strerror(err));
	}
}

int tap__open(const char *who, const char *tap, int *fd, uint32_t *mtu)
{
	struct ifreq ifr = { 0 };
	unsigned int index = if_nametoindex(tap);

	*fd = -1;
	if (!index) {
		pr_err("%s: no network interface %s", who, tap);
		return UNIMON_EXIT_NET;
	}
	*fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (*fd < 0) {
		pr_err("%s: cannot open /dev/net/tun for %s: %s", who, tap,
		       strerror(errno));
		return UNIMON_EXIT_NET;
	}
	/* Attach to the existing tap; IFF_TUN_EXCL is off, so no create. */
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	strncpy(ifr.ifr_name, tap, IFNAMSIZ - 1);
	if (ioctl(*fd, TUNSETIFF, &ifr) < 0) {
		tunsetiff_error(who, tap, errno);
		return UNIMON_EXIT_NET;
	}
	/* Deleted between the check and TUNSETIFF: that made a new one. */
	if (if_nametoindex(tap) != index) {
		pr_err("%s: network interface %s went away", who, tap);
		return UNIMON_EXIT_NET;
	}
	*mtu = tap_mtu(tap);
	return 0;
}
