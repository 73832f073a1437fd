"""Runs every line of a Procfile and keeps it running: `python -m deploy.supervise [Procfile] [name: command …]`.

`make run` and `make serve` use it. One process that dies is started again after a pause (1 s, doubling up to
30 s while it keeps dying at once), and the others carry on: a crash of one worker never takes the site down,
as it would under honcho or foreman, which stop everything when one process ends. SIGTERM or SIGINT stops
every process (SIGTERM to each process group, SIGKILL to what is left after `--grace` seconds) and exits.
Each line runs as `bash -c "<line>"` from the current directory, its output prefixed with its name.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

PROCFILE_LINE = re.compile(r"^([A-Za-z0-9_-]+):\s*(.+)$")
MAX_PAUSE = 30.0
STEADY = 30.0  # a process that ran this long before dying is restarted after the shortest pause again


def read_procfile(text: str) -> dict[str, str]:
    """{process type: command line}, in the order of the file."""
    return {match[1]: match[2].strip() for match in map(PROCFILE_LINE.match, text.splitlines()) if match}


class Supervised:
    def __init__(self, name: str, line: str, width: int) -> None:
        self.name, self.line, self.label = name, line, name.ljust(width)
        self.process: subprocess.Popen | None = None
        self.pause, self.started, self.due = 1.0, 0.0, 0.0

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - the Procfile's own lines, as honcho would run them
            ["bash", "-c", self.line],  # noqa: S607
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: signals reach its children too
        )
        self.started = time.monotonic()
        threading.Thread(target=self._copy_output, args=(self.process,), daemon=True).start()

    def _copy_output(self, process: subprocess.Popen) -> None:
        for raw in process.stdout:
            say(self.label, raw.decode(errors="replace").rstrip("\n"))

    def exited(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def signal(self, signum: int) -> None:
        """`signum` to the process's whole group (a leader that has exited may leave children behind)."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signum)


def say(label: str, line: str) -> None:
    sys.stdout.write(f"{datetime.now():%H:%M:%S} {label} | {line}\n")
    sys.stdout.flush()


def supervise(lines: dict[str, str], *, grace: float) -> int:
    width = max(map(len, [*lines, "supervise"]))
    processes = [Supervised(name, line, width) for name, line in lines.items()]
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    me = "supervise".ljust(width)
    for process in processes:
        process.start()
        say(me, f"started {process.name} (pid {process.process.pid})")
    while not stopping.wait(0.5):
        now = time.monotonic()
        for process in processes:
            code = process.exited()
            if code is None:
                continue
            if process.due == 0.0:
                ran = now - process.started
                pause = 1.0 if ran >= STEADY else process.pause
                process.pause, process.due = min(pause * 2, MAX_PAUSE), now + pause
                say(me, f"{process.name} exited with {code} after {ran:.0f} s; again in {pause:.0f} s")
            elif now >= process.due:
                process.due = 0.0
                process.start()
                say(me, f"started {process.name} again (pid {process.process.pid})")
    say(me, "stopping every process")
    for process in processes:
        process.signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(p.exited() is None for p in processes if p.process):
        time.sleep(0.1)
    for process in processes:
        process.signal(signal.SIGKILL)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("procfile", nargs="?", default="Procfile", type=Path)
    parser.add_argument("extra", nargs="*", metavar="'name: command'", help="more lines, as in a Procfile")
    parser.add_argument("--grace", type=float, default=30.0, help="seconds to finish after SIGTERM (default 30)")
    args = parser.parse_args(argv)
    lines = read_procfile("\n".join([args.procfile.read_text(), *args.extra]))
    return supervise(lines, grace=args.grace)


if __name__ == "__main__":
    sys.exit(main())
