#!/usr/bin/env python3
"""Times the dashboard's first frame from outside: from starting `acct --vault V`
in a 120x40 pseudo-terminal to the vault's name appearing on it (the title bar of
the first frame). Prints the median over the runs in milliseconds. Used by
scripts/bench.sh (docs/performance.md).

    scripts/first_frame.py ACCT VAULT [RUNS [REGEX]]

With REGEX, times until the output matches it instead: `'[1-9][0-9]* accounts'` for
the account list on screen, `'Blockers \\('` for the first account's dashboard
(the index built).

    scripts/first_frame.py ACCT VAULT RUNS REGEX memory

also reads the dashboard's memory from /proc: its peak resident memory when the
output matched, and its resident memory three seconds later (settled: the vault's
lists computed, the caches written); then the CPU time it uses over the next ten
seconds, left alone (the idle target: none). Prints the four medians, in ms, MB,
MB and ms.
"""

import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import sys
import termios
import time


def memory_mb(pid: int) -> "tuple[float, float]":
    """The process's peak and current resident memory (VmHWM, VmRSS), in MB."""
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            fields[key] = value.split()
    return int(fields["VmHWM"][0]) / 1024, int(fields["VmRSS"][0]) / 1024


def cpu_ms(pid: int) -> float:
    """The CPU time (user and system) the process has used so far, in ms."""
    with open(f"/proc/{pid}/stat") as stat:
        # The command name may hold spaces; the fields after it do not.
        fields = stat.read().rpartition(")")[2].split()
    ticks = int(fields[11]) + int(fields[12])
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def drain(fd: int, seconds: float) -> None:
    """Keeps reading the screen for a while (a full pseudo-terminal would stall it)."""
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if select.select([fd], [], [], 0.1)[0]:
            try:
                os.read(fd, 1 << 16)
            except OSError:
                break


IDLE_SECONDS = 10


def first_frame_ms(
    acct: str, vault: str, pattern: "re.Pattern[bytes] | None" = None, memory: bool = False
) -> "tuple[float, float, float, float]":
    name = os.path.basename(os.path.normpath(vault)).encode()
    started = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.environ["TERM"] = "xterm-256color"
        os.execv(acct, [acct, "--vault", vault])
    seen = b""
    shown = None
    deadline = started + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            seen += os.read(fd, 1 << 16)
        except OSError:
            break
        if (pattern.search(seen) if pattern else name in seen):
            shown = (time.monotonic() - started) * 1000
            break
    peak = settled = idle = 0.0
    if memory and shown is not None:
        peak, _ = memory_mb(pid)
        drain(fd, 3)
        _, settled = memory_mb(pid)
        before = cpu_ms(pid)
        drain(fd, IDLE_SECONDS)
        idle = cpu_ms(pid) - before
    os.kill(pid, signal.SIGTERM)
    # Drain until the child is gone, so it can restore the terminal and exit.
    while True:
        try:
            if not os.read(fd, 1 << 16):
                break
        except OSError:
            break
    os.waitpid(pid, 0)
    if shown is None:
        sys.exit(f"nothing matched on the screen of {acct} within 30 s")
    return shown, peak, settled, idle


def main() -> None:
    acct, vault = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    pattern = re.compile(sys.argv[4].encode()) if len(sys.argv) > 4 else None
    memory = len(sys.argv) > 5 and sys.argv[5] == "memory"
    starts = [first_frame_ms(acct, vault, pattern, memory) for _ in range(runs)]
    times = [s[0] for s in starts]
    if memory:
        peak = statistics.median(s[1] for s in starts)
        settled = statistics.median(s[2] for s in starts)
        idle = statistics.median(s[3] for s in starts)
        print(f"{statistics.median(times):.0f} {peak:.1f} {settled:.1f} {idle:.0f}")
    else:
        print(f"{statistics.median(times):.0f}")


if __name__ == "__main__":
    main()
