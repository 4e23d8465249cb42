/* SPDX-License-Identifier: MIT */
/*
 * The GDB Remote Serial Protocol's wire (debug/gdbstub.c speaks the
 * commands): one connection from gdb on loopback, packets "$data#cs"
 * with their acknowledgements, and the hex encodings inside packets.
 */
#ifndef UNIMON_GDB_PACKET_H
#define UNIMON_GDB_PACKET_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#define GDB_PKT_MAX 4096	/* our PacketSize (hex 1000 in qSupported) */

/*
 * Listen on 127.0.0.1:port, never another address, and accept one gdb:
 * 0 (also when a signal asked the monitor to stop: no connection then),
 * or -1 with the error printed.
 */
int gdb_conn__accept(unsigned int port);
int gdb_conn__open(void);	/* 1 while gdb is connected */
void gdb_conn__close(void);
/* Input from gdb while the guest runs: on_input runs (SIGIO). 0 or -1. */
int gdb_conn__watch(void (*on_input)(int, siginfo_t *, void *));
/* Input from gdb already here (an interrupt sent while we were busy)? */
int gdb_conn__input_pending(void);
/* len bytes to gdb: 0, or -1 when the connection is gone. */
int gdb_conn__put(const void *buf, size_t len);

/*
 * Send a packet and wait for gdb's acknowledgement; receive one (its data
 * NUL-terminated in buf, GDB_PKT_MAX + 1 bytes), acknowledged: 0 / its
 * length, or -1 (connection gone) or -2 (a signal asked the monitor to
 * stop).
 */
int gdb_pkt__send(const char *data);
int gdb_pkt__recv(char *buf);

/* Hex in packets: digits, a number, "addr,len" then end, little-endian. */
extern const char gdb_hex[16];
int gdb_hex__number(const char **p, uint64_t *v);
int gdb_hex__range(const char **p, uint64_t *addr, uint64_t *len, char end);
char *gdb_hex__put_le(char *o, uint64_t v, unsigned int size);
int gdb_hex__get_le(const char **p, uint64_t *v, unsigned int size);

#endif
