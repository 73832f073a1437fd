"""The image's HEALTHCHECK: liveness of the process the container runs, as docs/operations.md defines it
for every orchestrator. It never asks the database or the broker: their outage must not mark (and, under an
orchestrator that replaces unhealthy containers, restart) processes that are fine.

- web: GET /healthz on the container's own port answers 200.
- worker: the Celery main process is alive and has started its pool (at least one child process).
- relay, scheduler (and any other Procfile type): the process is alive, neither a zombie nor stopped.
- migrate and one-off commands: always healthy.

The process type is the entry point's first argument, read from PID 1's command line (tini -- entrypoint
TYPE …), so the check needs no file written at start (the root filesystem may be read-only).
Standard library only (and deploy/supervise.py, which is too): it starts in a few tens of milliseconds."""

from __future__ import annotations

import os
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # /app in the image
sys.path.insert(0, str(ROOT))

from deploy.supervise import read_procfile  # noqa: E402 - the one reader of the Procfile (standard library only)

ENTRYPOINT = "/app/deploy/docker/entrypoint.sh"


def process_type() -> str:
    argv = Path("/proc/1/cmdline").read_bytes().decode(errors="replace").split("\0")[:-1]
    after = argv[argv.index(ENTRYPOINT) + 1 :] if ENTRYPOINT in argv else []
    return after[0] if after else "web"


def children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]


def running(pid: int) -> bool:
    """Neither a zombie (Z), dead (X), nor stopped (T, t)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    state = stat[stat.rindex(")") + 2]
    return state not in "ZXTt"


def main_process() -> int:
    """tini's child: the process of the Procfile line (bash exec'd it)."""
    pids = children(1)
    if not pids:
        raise SystemExit("no process under PID 1")
    return pids[0]


def check(kind: str) -> str:
    if kind == "web":
        url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz"
        with urllib.request.urlopen(url, timeout=4) as response:
            return f"{url}: {response.status}"
    if kind not in read_procfile((ROOT / "Procfile").read_text()):
        return f"{kind}: a one-off command"
    pid = main_process()
    if not running(pid):
        raise SystemExit(f"{kind}: process {pid} is not running")
    if kind == "worker" and not children(pid):
        raise SystemExit(f"worker: process {pid} has no pool processes yet")
    return f"{kind}: process {pid} runs"


if __name__ == "__main__":
    try:
        print(check(process_type()))
    except (OSError, ValueError) as error:
        sys.exit(f"unhealthy: {error}")
