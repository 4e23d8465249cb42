// SPDX-License-Identifier: MIT
/*
 * Solo5 network devices: --net:NAME=TAP attaches the existing host tap
 * interface TAP (or, --net:NAME=@FD, an inherited tap descriptor) as the
 * manifest's network device NAME, --net-mac:NAME=xx:xx:xx:xx:xx:xx gives
 * it a MAC (else a random local one); the MTU is the tap's. NET_WRITE (6)
 * sends one frame, NET_READ (7) takes one without blocking (S5_R_AGAIN
 * when there is none; len gets its length); S5_R_EINVAL for a handle that
 * is not an attached network device or a frame the tap refuses. The net
 * ring extension (port 0x600) is not offered (host_features 0).
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "core/device.h"
#include "core/error.h"
#include "core/tap.h"
#include "core/vm.h"
#include "personality/solo5/solo5.h"

struct opt {
	char name[S5_MFT_NAME_SIZE];
	const char *tap;
	uint8_t mac[6];
	int mac_given;
};
static struct opt opts[S5_MFT_MAX];
static unsigned int nopts;

static struct opt *entry(const char *what, const char *arg, const char **v)
{
	return s5_opt_entry(what, arg, opts, sizeof(opts[0]), &nopts, v);
}

static int net_parse(struct options *o, const char *arg)
{
	const char *v;
	struct opt *n = entry("--net:", arg, &v);

	if (!n)
		return 1;
	if (n->tap) {
		pr_err("--net:%s: given twice", n->name);
		return 1;
	}
	if (v[0] != '@' && !tap__name_ok(v, strlen(v))) {
		pr_err("--net:%s: bad tap interface name '%s'", n->name, v);
		return 1;
	}
	n->tap = v;
	return 0;
}

static int mac_parse(struct options *o, const char *arg)
{
	const char *v;
	struct opt *n = entry("--net-mac:", arg, &v);

	if (!n)
		return 1;
	if (tap__parse_mac(v, strlen(v), n->mac) || (n->mac[0] & 1) ||
	    !memcmp(n->mac, "\0\0\0\0\0\0", 6)) {
		pr_err("--net-mac:%s: bad MAC address '%s' (want a unicast "
		       "xx:xx:xx:xx:xx:xx)", n->name, v);
		return 1;
	}
	n->mac_given = 1;
	return 0;
}

static int find(const char *name)
{
	uint32_t i;

	for (i = 0; i < s5_mft->entries; i++)
		if (s5_mft->e[i].type == S5_MFT_NET &&
		    !strcmp(s5_mft->e[i].name, name))
			return i;
	return -1;
}

/* --net:NAME=@FD: a tap descriptor the caller opened for us. */
static int inherited(const struct opt *n, int *fd)
{
	char *end;
	long v = strtol(n->tap + 1, &end, 10);

	if (*end || end == n->tap + 1 || v < 3 || v > 65535 ||
	    fcntl((int)v, F_GETFD) < 0) {
		pr_err("--net:%s: %s is not an open file descriptor", n->name,
		       n->tap);
		return 1;
	}
	*fd = (int)v;
	if (fcntl(*fd, F_SETFL, fcntl(*fd, F_GETFL) | O_NONBLOCK)) {
		pr_err("--net:%s: %s: %s", n->name, n->tap, strerror(errno));
		return 1;
	}
	return 0;
}

static int attach(const struct opt *n, int i)
{
	struct s5_mft_entry *e = &s5_mft->e[i];
	char who[S5_MFT_NAME_SIZE + 8];
	uint32_t mtu = 1500;
	int rc;

	snprintf(who, sizeof(who), "--net:%.*s", S5_MFT_NAME_SIZE - 1, n->name);
	rc = n->tap[0] == '@' ? inherited(n, &s5_fd[i]) :
				tap__open(who, n->tap, &s5_fd[i], &mtu);
	if (rc)
		return 1;
	if (n->mac_given)
		memcpy(e->u.net.mac, n->mac, 6);
	else if (tap__random_mac(e->u.net.mac)) {
		pr_err("%s: getrandom: %s", who, strerror(errno));
		return 1;
	}
	e->u.net.mtu = mtu > 0xffff ? 0xffff : mtu;
	e->attached = 1;
	return 0;
}

int s5_net_attach(void)
{
	unsigned int k;
	int i;

	for (k = 0; k < nopts; k++) {
		i = find(opts[k].name);
		if (i < 0 || s5_mft->e[i].attached) {
			pr_err("--net:%s: the image declares no network device "
			       "%s", opts[k].name, opts[k].name);
			return 1;
		}
		if (!opts[k].tap) {
			pr_err("--net-mac:%s: no --net:%s=TAP", opts[k].name,
			       opts[k].name);
			return 1;
		}
		if (attach(&opts[k], i))
			return 1;
	}
	return 0;
}

/* The handle's entry if it is an attached network device, else NULL. */
static const struct s5_mft_entry *net_of(uint64_t h)
{
	const struct s5_mft_entry *e = h < s5_mft->entries ? &s5_mft->e[h] :
							     NULL;

	return e && e->type == S5_MFT_NET && e->attached ? e : NULL;
}

/*
 * A NET_WRITE or NET_READ: its struct copied into *c, its host address,
 * and the frame buffer in *buf (for a read, one the monitor may write:
 * not in the guest's code); NULL when done (a bad handle: EINVAL; a
 * bad pointer: the guest was stopped).
 */
static void *net_args(struct vm *vm, uint32_t gpa, struct s5_net *c,
		      void **buf, int read)
{
	void *a = s5_args(vm, gpa, c, sizeof(*c), 1);

	if (!a)
		return NULL;
	if (!net_of(c->handle)) {
		S5_SET(a, struct s5_net, ret, S5_R_EINVAL);
		return NULL;
	}
	*buf = read ? s5_wptr(vm, c->data, c->len) :
		      s5_ptr(vm, c->data, c->len);
	return *buf ? a : NULL;
}

static void hc_write(struct vm *vm, void *ctx, uint32_t gpa)
{
	struct s5_net c;
	void *buf, *a = net_args(vm, gpa, &c, &buf, 0);
	ssize_t n;

	if (!a)
		return;
	do
		n = write(s5_fd[c.handle], buf, c.len);
	while (n < 0 && errno == EINTR);
	/* A whole frame or nothing; a full tap queue drops it, as a wire. */
	S5_SET(a, struct s5_net, ret,
	       n == (ssize_t)c.len || (n < 0 && errno == EAGAIN) ? S5_R_OK :
								   S5_R_EINVAL);
}

static void hc_read(struct vm *vm, void *ctx, uint32_t gpa)
{
	struct s5_net c;
	void *buf, *a = net_args(vm, gpa, &c, &buf, 1);
	ssize_t n;

	if (!a)
		return;
	do
		n = read(s5_fd[c.handle], buf, c.len);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN) {
		S5_SET(a, struct s5_net, ret, S5_R_AGAIN);
	} else if (n <= 0) {
		S5_SET(a, struct s5_net, ret, S5_R_EINVAL);
	} else {
		S5_SET(a, struct s5_net, len, (uint64_t)n);
		S5_SET(a, struct s5_net, ret, S5_R_OK);
	}
}

static const struct hypercall net_hc[] = {
	{ "net-write", S5_HC_NET_WRITE, hc_write, NULL },
	{ "net-read", S5_HC_NET_READ, hc_read, NULL },
	{ 0 },
};

static const struct dev_option net_opts[] = {
	{ "net:", "NAME=TAP",
	  "attach the host tap interface TAP (or @FD: an open tap "
	  "descriptor) as the image's network device NAME", net_parse },
	{ "net-mac:", "NAME=MAC",
	  "network device NAME's MAC address (default: random, local)",
	  mac_parse },
	{ 0 },
};

/* Frames to and from the taps. */
static const int net_syscalls[] = { SYS_read, SYS_write, -1 };

static const struct device net_dev = {
	.name = "solo5-net",
	.summary = "Solo5 hvt: network devices over host taps (--net:NAME=TAP)",
	.hc = net_hc,
	.opts = net_opts,
	.syscalls = net_syscalls,
};
DEVICE_REGISTER(net_dev);
