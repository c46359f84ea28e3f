"""Runs a command on a pseudo-terminal, answers its password prompt, prints what the terminal showed.

Used by the CLI prompt test: the password must be read without echo. Input comes from the
TW_PTY_ANSWER environment variable; the result is one JSON line: {"screen": ..., "code": ...}.
"""
import json
import os
import pty
import select
import sys
import time

pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])

screen = b""
answered = False
deadline = time.time() + 20
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
    if not answered and b"Password for" in screen:
        time.sleep(0.2)
        os.write(fd, os.environ["TW_PTY_ANSWER"].encode() + b"\r")
        answered = True
_, status = os.waitpid(pid, 0)
print(json.dumps({"screen": screen.decode(errors="replace"), "code": os.waitstatus_to_exitcode(status)}))
