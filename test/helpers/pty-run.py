"""Runs a command on a pseudo-terminal, types keys once a text appears, prints what the terminal showed.

Keys go through the terminal's line discipline as a person's do: Ctrl-C is a SIGINT the kernel sends
to the whole foreground process group. TW_PTY_WAIT_FOR is the text to wait for, TW_PTY_KEYS what to
type then (the environment, not argv: another local user can read argv). The command is killed if
it outlives 20 s. Prints one JSON line: {"screen": ..., "code": ...}.
"""
import json
import os
import pty
import select
import signal
import sys
import time

wait_for = os.environ["TW_PTY_WAIT_FOR"].encode()
keys = os.environ["TW_PTY_KEYS"].encode()
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])

screen, sent, deadline = b"", False, time.time() + 20
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.1)
    if ready:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    if not sent and wait_for in screen:
        time.sleep(0.3)
        os.write(fd, keys)
        sent = True
if time.time() >= deadline:
    os.kill(pid, signal.SIGKILL)
_, status = os.waitpid(pid, 0)
print(json.dumps({"screen": screen.decode(errors="replace"), "code": os.waitstatus_to_exitcode(status)}))
