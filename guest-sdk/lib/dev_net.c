// SPDX-License-Identifier: MIT
/*
 * Network interfaces: the /net nodes of the device tree, read once on
 * first use (one walk: at CPL0 every instruction is emulated), and the
 * send/receive hypercalls.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unimon/fdt.h>
#include <unimon/net.h>
#include <unimon/unimon.h>
#include <unimon/wait.h>

static struct {
	bool scanned;
	int count;			/* handles 0 .. count - 1 */
	bool present[UNIMON_NET_MAX];
	struct unimon_net_info info[UNIMON_NET_MAX];
} nets;

/* The /net child being read. */
struct scan {
	bool in_net;
	bool compatible;
	uint32_t reg;
	bool has_reg;
	struct unimon_net_info cur;
};

static bool is_prop(const struct unimon_fdt_item *it, const char *name)
{
	return !strcmp(it->name, name);
}

static void begin_if(struct scan *s, const char *name)
{
	const char *at = strchr(name, '@');
	size_t len = at ? (size_t)(at - name) : strlen(name);

	memset(&s->cur, 0, sizeof(s->cur));
	s->cur.wait_bit = -1;
	if (len > UNIMON_NET_NAME_MAX)
		len = UNIMON_NET_NAME_MAX;
	memcpy(s->cur.name, name, len);
	s->compatible = s->has_reg = false;
}

static void if_prop(struct scan *s, const struct unimon_fdt_item *it)
{
	if (is_prop(it, "compatible"))
		s->compatible = unimon_fdt_stringlist_contains(it->value, it->len,
							       "unimon,net");
	else if (is_prop(it, "reg") && it->len == 4)
		s->reg = unimon_fdt_be32(it->value), s->has_reg = true;
	else if (is_prop(it, "local-mac-address") && it->len == 6)
		memcpy(s->cur.mac, it->value, 6);
	else if (is_prop(it, "mtu") && it->len == 4)
		s->cur.mtu = unimon_fdt_be32(it->value);
	else if (is_prop(it, "unimon,wait-bit") && it->len == 4 &&
		 unimon_fdt_be32(it->value) < 64)
		s->cur.wait_bit = (int)unimon_fdt_be32(it->value);
}

static void end_if(struct scan *s)
{
	if (!s->compatible || !s->has_reg || s->reg >= UNIMON_NET_MAX ||
	    nets.present[s->reg])
		return;
	nets.present[s->reg] = true;
	nets.info[s->reg] = s->cur;
	if ((int)s->reg >= nets.count)
		nets.count = s->reg + 1;
}

static int visit(const struct unimon_fdt_item *it, void *ctx)
{
	struct scan *s = ctx;

	if (it->depth == 2 && it->event == UNIMON_FDT_BEGIN_NODE)
		s->in_net = !strcmp(it->name, "net");
	if (!s->in_net || it->depth != 3)
		return 0;
	switch (it->event) {
	case UNIMON_FDT_BEGIN_NODE:
		begin_if(s, it->name);
		break;
	case UNIMON_FDT_PROPERTY:
		if_prop(s, it);
		break;
	case UNIMON_FDT_END_NODE:
		end_if(s);
		break;
	}
	return 0;
}

static void scan(void)
{
	struct scan s = { 0 };

	if (nets.scanned)
		return;
	nets.scanned = true;
	if (unimon_fdt())
		unimon_fdt_walk(unimon_fdt(), visit, &s);
}

int unimon_net_count(void)
{
	scan();
	return nets.count;
}

static const struct unimon_net_info *get(int h)
{
	scan();
	return h >= 0 && h < UNIMON_NET_MAX && nets.present[h] ?
		       &nets.info[h] :
		       NULL;
}

int unimon_net_info(int h, struct unimon_net_info *info)
{
	const struct unimon_net_info *i = get(h);

	if (!i)
		return UNIMON_EBADF;
	*info = *i;
	return 0;
}

int unimon_net_find(const char *name)
{
	int h;

	for (h = 0; h < unimon_net_count(); h++)
		if (get(h) && !strcmp(nets.info[h].name, name))
			return h;
	return UNIMON_EBADF;
}

int unimon_net_wait_bit(int h)
{
	const struct unimon_net_info *i = get(h);

	return i ? i->wait_bit : UNIMON_EBADF;
}

static int64_t net_io(unsigned int nr, int h, const void *buf, size_t len)
{
	struct unimon_hc_net_io a = {
		.handle = (uint64_t)(int64_t)h,
		.buf = (uintptr_t)buf,
		.len = len,
		.ret = UNIMON_ENOSYS,
	};
	int err = unimon_hypercall(nr, &a);

	return err ? err : a.ret;
}

int64_t unimon_net_send(int h, const void *frame, size_t len)
{
	return net_io(UNIMON_HC_NET_SEND, h, frame, len);
}

int64_t unimon_net_recv(int h, void *buf, size_t size)
{
	return net_io(UNIMON_HC_NET_RECV, h, buf, size);
}

int64_t unimon_net_wait(int h, uint64_t timeout_ns)
{
	int bit = unimon_net_wait_bit(h);
	uint64_t start = unimon_time_monotonic_ns(), ready, spent;
	int64_t ret;

	if (bit < 0)
		return bit == -1 ? UNIMON_ENOSYS : bit;
	for (;;) {
		ret = unimon_wait(timeout_ns, &ready);
		if (ret <= 0)
			return ret; /* an error, or the deadline */
		if (ready & (1ull << bit))
			return 1;
		/* Another device's input: wait for the rest of the time. */
		if (timeout_ns != UNIMON_WAIT_FOREVER) {
			spent = unimon_time_monotonic_ns() - start;
			if (spent >= timeout_ns)
				return 0;
			timeout_ns -= spent;
			start += spent;
		}
	}
}

int unimon_parse_ipv4(const char *s, uint8_t ip[4])
{
	char *end;
	int i;

	for (i = 0; i < 4; i++) {
		unsigned long v = strtoul(s, &end, 10);

		if (end == s || v > 255 || *end != (i < 3 ? '.' : '\0'))
			return -1;
		ip[i] = (uint8_t)v;
		s = end + 1;
	}
	return 0;
}
