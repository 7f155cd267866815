#!/usr/bin/env python3
"""A command for signal tests: prints "pid <its pid>" and "ready", then the name
of every signal it is sent, once per delivery. SIGTERM, SIGALRM and SIGINT end
it with status 7, 3 and 9, half a second later, so that a second delivery of
the same signal shows as a second line. The signals are blocked and taken with
sigwaitinfo, so each delivery is seen even while the previous one is handled.
Test helper only."""
import os
import signal

EXIT = {signal.SIGTERM: 7, signal.SIGALRM: 3, signal.SIGINT: 9}
SIGNALS = {signal.SIGTERM, signal.SIGALRM, signal.SIGINT, signal.SIGUSR1, signal.SIGUSR2,
           signal.SIGHUP, signal.SIGQUIT, signal.SIGWINCH}


def say(line):
    os.write(1, (line + "\n").encode())


signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
say("pid %d" % os.getpid())
say("ready")
ending = None
while True:
    if ending is None:
        info = signal.sigwaitinfo(SIGNALS)
    else:
        info = signal.sigtimedwait(SIGNALS, 0.5)
        if info is None:
            os._exit(EXIT[ending])
    say(signal.Signals(info.si_signo).name)
    if ending is None and info.si_signo in EXIT:
        ending = info.si_signo
