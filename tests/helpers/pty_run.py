#!/usr/bin/env python3
"""Runs a command on a new pseudo-terminal (as its controlling terminal) and
answers prompts. PTY_DIALOGUE is a JSON list of [expect, send] pairs: wait for
`expect` in the output, then type `send` followed by Enter. Everything the
command writes to the terminal is copied to stdout; the exit status is the
command's (128 + n when killed by signal n). Test helper only."""
import json
import os
import pty
import select
import sys
import time

dialogue = json.loads(os.environ.pop("PTY_DIALOGUE", "[]"))
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])

buf = b""
seen = 0
deadline = time.time() + 60
step = 0
while True:
    if time.time() > deadline:
        os.kill(pid, 9)
        sys.stdout.write("\n[pty_run: timed out]\n")
        break
    if step < len(dialogue) and dialogue[step][0].encode() in buf[seen:]:
        seen = buf.index(dialogue[step][0].encode(), seen) + len(dialogue[step][0].encode())
        os.write(fd, dialogue[step][1].encode() + b"\r")
        step += 1
        continue
    r, _, _ = select.select([fd], [], [], 0.05)
    if r:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        buf += data
sys.stdout.write(buf.decode("utf-8", "replace"))
_, status = os.waitpid(pid, 0)
if os.WIFSIGNALED(status):
    sys.exit(128 + os.WTERMSIG(status))
sys.exit(os.WEXITSTATUS(status))
