// SPDX-License-Identifier: MIT
/* The GDB Remote Serial Protocol's wire (debug/gdb-packet.h). */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "core/error.h"
#include "core/stop.h"
#include "core/strutil.h"
#include "debug/gdb-packet.h"

const char gdb_hex[16] = "0123456789abcdef";

static int conn = -1;
static uint8_t in[GDB_PKT_MAX];
static size_t in_pos, in_len;
static int pushback = -1;

int gdb_conn__open(void)
{
	return conn >= 0;
}

void gdb_conn__close(void)
{
	if (conn >= 0)
		close(conn);
	conn = -1;
}

int gdb_conn__watch(void (*on_input)(int, siginfo_t *, void *))
{
	struct sigaction sa;
	int one = 1;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_input;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	setsockopt(conn, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (sigaction(SIGIO, &sa, NULL) || fcntl(conn, F_SETOWN, getpid()) ||
	    fcntl(conn, F_SETSIG, SIGIO) ||
	    fcntl(conn, F_SETFL, fcntl(conn, F_GETFL) | O_ASYNC))
		return -1;
	return 0;
}

int gdb_conn__accept(unsigned int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int one = 1, l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (l < 0 ||
	    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, 1)) {
		pr_err("--gdb: cannot listen on 127.0.0.1:%u: %s", port,
		       strerror(errno));
		if (l >= 0)
			close(l);
		return -1;
	}
	pr_err("waiting for gdb on 127.0.0.1:%u", port);
	do
		conn = accept4(l, NULL, NULL, SOCK_CLOEXEC);
	while (conn < 0 && errno == EINTR && !stop__requested());
	close(l);
	if (conn < 0 && errno == EINTR)
		return 0; /* a signal: the run loop stops the VM at once */
	if (conn < 0) {
		pr_err("--gdb: cannot accept a connection: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int gdb_conn__input_pending(void)
{
	char c;

	return in_pos < in_len || pushback >= 0 ||
	       recv(conn, &c, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
}

/*
 * The next byte from gdb; -1 when the connection is gone, -2 when a
 * signal that stops the VM arrived (the run loop handles it).
 */
static int get_char(void)
{
	ssize_t n;
	int c;

	if (pushback >= 0) {
		c = pushback;
		pushback = -1;
		return c;
	}
	while (in_pos == in_len) {
		if (stop__requested())
			return -2;
		n = read(conn, in, sizeof(in));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		in_pos = 0;
		in_len = n;
	}
	return in[in_pos++];
}

int gdb_conn__put(const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len) {
		n = write(conn, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

/* "$data#cs", resent on '-' (a few times), until gdb's '+'. */
int gdb_pkt__send(const char *data)
{
	static char out[GDB_PKT_MAX + 8];
	size_t len = strlen(data), i;
	uint8_t sum = 0;
	int c, tries;

	for (i = 0; i < len; i++)
		sum += (uint8_t)data[i];
	out[0] = '$';
	memcpy(out + 1, data, len);
	out[len + 1] = '#';
	out[len + 2] = gdb_hex[sum >> 4];
	out[len + 3] = gdb_hex[sum & 15];
	for (tries = 0; tries < 8; tries++) {
		if (gdb_conn__put(out, len + 4))
			return -1;
		do
			c = get_char();
		while (c == 3); /* a late interrupt: we are stopped */
		if (c < 0)
			return c;
		if (c != '-') {
			if (c != '+')
				pushback = c; /* no ack: take it as one */
			return 0;
		}
	}
	return -1;
}

int gdb_pkt__recv(char *buf)
{
	int c, c1, c2;
	size_t n;
	uint8_t sum;

	for (;;) {
		do
			c = get_char();
		while (c >= 0 && c != '$'); /* acks, interrupts, noise */
		if (c < 0)
			return c;
		n = 0;
		sum = 0;
		while ((c = get_char()) >= 0 && c != '#') {
			if (c == '$') { /* a fresh start */
				n = 0;
				sum = 0;
				continue;
			}
			sum += (uint8_t)c;
			if (n < GDB_PKT_MAX)
				buf[n] = c;
			n++;
		}
		if (c < 0)
			return c;
		if ((c1 = get_char()) < 0)
			return c1;
		if ((c2 = get_char()) < 0)
			return c2;
		if (hex_digit(c1) < 0 || hex_digit(c2) < 0 || n >= GDB_PKT_MAX ||
		    ((hex_digit(c1) << 4) | hex_digit(c2)) != sum) {
			if (gdb_conn__put("-", 1))
				return -1;
			continue;
		}
		buf[n] = 0;
		return gdb_conn__put("+", 1) ? -1 : (int)n;
	}
}

/* A hex number at *p (at least one digit), *p moved past it. */
int gdb_hex__number(const char **p, uint64_t *v)
{
	const char *s = *p;
	int d;

	*v = 0;
	while ((d = hex_digit(**p)) >= 0 && *p - s < 16) {
		*v = (*v << 4) | d;
		(*p)++;
	}
	return *p == s || hex_digit(**p) >= 0 ? -1 : 0;
}

/* "addr,len" then the character end (':' or NUL). */
int gdb_hex__range(const char **p, uint64_t *addr, uint64_t *len, char end)
{
	if (gdb_hex__number(p, addr) || *(*p)++ != ',' ||
	    gdb_hex__number(p, len) || **p != end)
		return -1;
	if (end)
		(*p)++;
	return 0;
}

char *gdb_hex__put_le(char *o, uint64_t v, unsigned int size)
{
	unsigned int i;

	for (i = 0; i < size; i++, v >>= 8) {
		*o++ = gdb_hex[(v >> 4) & 15];
		*o++ = gdb_hex[v & 15];
	}
	return o;
}

/* size bytes of little-endian hex; -1 if not exactly that. */
int gdb_hex__get_le(const char **p, uint64_t *v, unsigned int size)
{
	unsigned int i;
	int hi, lo;

	*v = 0;
	for (i = 0; i < size; i++) {
		hi = hex_digit((*p)[2 * i]);
		lo = hi < 0 ? -1 : hex_digit((*p)[2 * i + 1]);
		if (lo < 0)
			return -1;
		*v |= (uint64_t)(hi << 4 | lo) << (8 * i);
	}
	*p += 2 * size;
	return 0;
}
