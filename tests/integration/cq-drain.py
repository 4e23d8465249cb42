#!/usr/bin/env python3
# cq-drain.py MONITOR GUEST: SIGTERM while the monitor's last flush of the
# queue console is blocked on a stalled stdout, after a partial write.
# The guest (conwrite, 20000 bytes) ends; the monitor joins its I/O
# thread, stuck in writev on a one-page pipe nobody reads. This reads
# the pipe 512 bytes at a time until the main thread is alone and in
# writev (its drain: the I/O thread finished its batch and ended), then
# one page more, which that writev fills before it blocks again, then
# sends SIGTERM: the write it interrupts was partial. Prints what it saw and the monitor's exit status; exits
# 0 when the monitor ended with the guest's status 0 within 20 s.
# tests/integration/conqueue.sh runs it.
import fcntl, os, signal, subprocess, sys, time

mon, guest = sys.argv[1:3]
r, w = os.pipe()
fcntl.fcntl(w, 1031, 4096)  # F_SETPIPE_SZ: one page
p = subprocess.Popen([mon, guest, '--', '20000'], stdout=w)
os.close(w)


def main_syscall():
    try:
        with open('/proc/%d/syscall' % p.pid) as f:
            return f.read().split()[0]
    except OSError:
        return 'gone'


def io_thread():
    """1 while the monitor's I/O thread is there (KVM has threads too)."""
    try:
        for t in os.listdir('/proc/%d/task' % p.pid):
            with open('/proc/%d/task/%s/comm' % (p.pid, t)) as f:
                if f.read().strip() == 'unimon-io':
                    return 1
    except OSError:
        pass
    return 0


end = time.monotonic() + 60
while main_syscall() != '202' and time.monotonic() < end:
    time.sleep(0.05)
print('joining: main thread in', main_syscall())
got = 0
while time.monotonic() < end and p.poll() is None:
    if main_syscall() == '20' and not io_thread():
        time.sleep(0.3)  # still there: blocked, not passing through
        if main_syscall() == '20':
            break
    got += len(os.read(r, 512))
    time.sleep(0.05)
# One page more read: the blocked writev copies into it and blocks again,
# so the call SIGTERM interrupts has written something (a partial write).
if p.poll() is None:
    got += len(os.read(r, 4096))
    time.sleep(0.3)
state = 'drain blocked in writev' if main_syscall() == '20' else 'ended'
print('read %d bytes; %s (I/O thread %d)' % (got, state, io_thread()))
if p.poll() is not None:
    print('the monitor ended before its drain blocked: exit', p.returncode)
    sys.exit(1)
p.send_signal(signal.SIGTERM)
try:
    rc = p.wait(timeout=20)
except subprocess.TimeoutExpired:
    print('still running 20 s after SIGTERM, main thread in', main_syscall())
    p.kill()
    p.wait()
    sys.exit(1)
print('exit', rc)
sys.exit(0 if rc == 0 else 1)
