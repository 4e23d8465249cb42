#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A gdb remote-protocol client for tests/integration/gdb.sh: bytes on the
wire, so checksums and interrupts too.

usage: rsp.py PORT all|drop PID|- [SYMBOL=ADDRESS...]
"""
import socket, sys, time
port, mode, pid = int(sys.argv[1]), sys.argv[2], sys.argv[3]
sym = dict((k, "%x" % int(v, 16)) for k, v in (a.split("=") for a in sys.argv[4:]))
s = socket.create_connection(("127.0.0.1", port), timeout=60)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
buf = b""
def getc():
    global buf
    while not buf:
        buf = s.recv(4096)
        if not buf:
            raise EOFError
    c, buf = buf[:1], buf[1:]
    return c
def send(d):
    s.sendall(b"$%s#%02x" % (d.encode(), sum(d.encode()) & 0xff))
    assert getc() == b"+"
def recv():
    while getc() != b"$":
        pass
    d = b""
    c = getc()
    while c != b"#":
        d, c = d + c, getc()
    getc(), getc()
    s.sendall(b"+")
    return d.decode()
def cmd(d):
    send(d)
    return recv()
if mode == "drop":  # a breakpoint, then the connection goes
    print("breakpoint", cmd("Z0,%s,1" % sym["gdb_target"]))
    sys.exit(0)
print("supported", cmd("qSupported:swbreak+"))
s.sendall(b"$g#00")
print("bad checksum", getc().decode())
print("unknown [%s]" % cmd("qUnimonNothing"))
print("null page", cmd("m0,4"))
print("ring-0 region", cmd("m1000,4"))
print("past RAM", cmd("mffffffff000,4"))
print("wrapping", cmd("mffffffffffffffff,10"))
print("bad write", cmd("M0,1:00"), cmd("M%s,2:0" % sym["gdb_release"]))
send("c")
time.sleep(0.3)
if pid != "-":
    print([l for l in open("/proc/%s/status" % pid) if l.startswith("Seccomp:")][0].strip())
s.sendall(b"\x03")
print("interrupt", recv())
print("write", cmd("M%s,4:01000000" % sym["gdb_release"]))
print("read", cmd("m%s,4" % sym["gdb_release"]))
print("detach", cmd("D"))
