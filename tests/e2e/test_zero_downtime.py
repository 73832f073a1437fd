"""Deploys that no customer notices, without a cluster: gunicorn reloaded with SIGHUP under load, and the web
processes replaced one by one behind a real load balancer (haproxy, health-checking /readyz), as a rolling
update replaces pods. Not one request may fail."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support.stack import Process, free_port, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.runtime, pytest.mark.django_db(transaction=True)]


class Load:
    """Clients asking for the catalogue again and again, until stopped; every answer is counted."""

    def __init__(self, port: int, clients: int = 4) -> None:
        self.url = f"http://127.0.0.1:{port}/api/products/"
        self.statuses: list[int | str] = []
        self._stopping = threading.Event()
        self._threads = [threading.Thread(target=self._client, daemon=True) for _ in range(clients)]

    def _client(self) -> None:
        while not self._stopping.is_set():
            try:
                with urllib.request.urlopen(self.url, timeout=10) as response:
                    status: int | str = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError as error:  # refused, reset, timed out: a failed request all the same
                status = type(error).__name__
            self.statuses.append(status)

    def __enter__(self) -> Load:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=15)

    def failures(self) -> list[int | str]:
        return [status for status in self.statuses if status != 200]


def booted_workers(process: Process) -> int:
    return process.log().count("Booting worker")


def test_sighup_reloads_gunicorn_under_load_without_a_failed_request(stacks, apples):
    stack = stacks("web")
    web = stack.web()
    workers = booted_workers(web)

    with Load(stack.port) as load:
        time.sleep(1)
        web.signal_main(signal.SIGHUP)  # the master only: it starts new workers, then retires the old
        wait_until(lambda: booted_workers(web) >= 2 * workers, timeout=30, message="new workers boot")
        time.sleep(2)

    assert len(load.statuses) > 50, "the load really ran"
    assert load.failures() == []


class HAProxy:
    """haproxy in front of the web processes, health-checking /readyz; its runtime API takes one out of
    rotation and back."""

    def __init__(self, log_dir: Path, servers: dict[str, int]) -> None:
        self.port = free_port()
        self.socket = log_dir / "haproxy.sock"
        config = log_dir / "haproxy.cfg"
        config.write_text(
            "global\n"
            f"  stats socket {self.socket} mode 600 level admin\n"
            "  log stdout format raw local0\n"
            "defaults\n"
            "  log global\n  option httplog\n"
            "  mode http\n  timeout connect 1s\n  timeout client 15s\n  timeout server 15s\n  timeout check 3s\n"
            "  retries 3\n  option redispatch\n"
            f"frontend shop\n  bind 127.0.0.1:{self.port}\n  default_backend web\n"
            "backend web\n  option httpchk GET /readyz\n  http-check expect status 200\n"
            # A check waits its turn behind the load at a busy sync worker: a slow answer is not a dead one.
            "  default-server inter 500ms fall 2 rise 2\n"
            + "".join(f"  server {name} 127.0.0.1:{port} check\n" for name, port in servers.items())
        )
        self.process = Process("haproxy", ["haproxy", "-db", "-f", str(config)], {"PATH": os.environ["PATH"]}, log_dir)
        wait_until(lambda: self.socket.exists() and self.up() == set(servers), timeout=30, message="haproxy up")

    def command(self, line: str) -> str:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(str(self.socket))
            sock.sendall(line.encode() + b"\n")
            return b"".join(iter(lambda: sock.recv(65536), b"")).decode()

    def stats(self) -> dict[str, dict[str, str]]:
        header, *rows = [line for line in self.command("show stat").splitlines() if line.strip()]
        names = header.lstrip("# ").split(",")
        return {row["svname"]: row for row in (dict(zip(names, line.split(","), strict=False)) for line in rows)}

    def up(self) -> set[str]:
        return {
            name
            for name, row in self.stats().items()
            if row.get("status") == "UP" and name not in ("FRONTEND", "BACKEND")
        }

    def stop(self) -> None:
        self.process.stop()


@pytest.mark.skipif(shutil.which("haproxy") is None and not os.environ.get("CI"), reason="needs haproxy")
def test_replacing_every_web_process_behind_haproxy_fails_no_request(stacks, tmp_path, apples):
    webs = {name: stacks(name) for name in ("a", "b")}
    processes = {name: stack.web() for name, stack in webs.items()}
    proxy = HAProxy(tmp_path, {name: stack.port for name, stack in webs.items()})
    try:
        with Load(proxy.port) as load:
            time.sleep(1)
            for name, stack in webs.items():  # a rolling update, one process at a time
                proxy.command(f"set server web/{name} state drain")  # no new requests
                wait_until(lambda n=name: proxy.stats()[n]["scur"] == "0", timeout=30, message=f"{name} drained")
                processes[name].stop()  # SIGTERM: gunicorn finishes the requests in flight
                processes[name] = stack.start("web", name="web-new")
                proxy.command(f"set server web/{name} state ready")  # traffic once /readyz says so
                wait_until(lambda n=name: n in proxy.up(), timeout=60, message=f"the new {name} is in rotation")
            time.sleep(1)
    finally:
        proxy.stop()

    assert len(load.statuses) > 50, "the load really ran"
    assert load.failures() == []
    assert all("Booting worker" in process.log() for process in processes.values()), "every process is new"
