"""Shared code of the MFA prompt stand-ins (ykman, zenity, kdialog, osascript and
wincredui/powershell), for tests on machines without the real tools.

Each run appends one JSON line to $PROMPT_STANDIN_LOG:
  {"name": <tool>, "argv": [...], "stdin": <text>, "stdin_tty": bool, "env": {...}}
and then behaves as the "user" chose in $PROMPT_STANDIN_ACTION:
  ok (default)  answer with $PROMPT_STANDIN_ANSWER (default "123456")
  cancel        the user pressed Cancel
  fail          the tool itself failed
  hang          nobody answers: sleep for an hour
Not a tool: imported by the stand-ins, never run."""
import json
import os
import sys
import time


def start(name):
    """Records this run; returns (action, answer, stdin text)."""
    stdin_tty = os.isatty(0)
    data = "" if stdin_tty else sys.stdin.read()
    record = {
        "name": name,
        "argv": sys.argv[1:],
        "stdin": data,
        "stdin_tty": stdin_tty,
        "env": dict(os.environ),
    }
    with open(os.environ["PROMPT_STANDIN_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps(record) + "\n")
    action = os.environ.get("PROMPT_STANDIN_ACTION", "ok")
    if action == "hang":
        time.sleep(3600)
    return action, os.environ.get("PROMPT_STANDIN_ANSWER", "123456"), data


def usage(name, message, code=2):
    sys.stderr.write(f"{name}: {message}\n")
    sys.exit(code)
