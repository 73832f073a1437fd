"""Real processes for the runtime tests: a redis-server of the test's own, gunicorn, Celery workers and the
relay, all on the test database. Each stops by itself at the end of its test; everything is on loopback."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
QUEUES = "payments,orders,deliveries,orderview"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate: Callable[[], object], *, timeout: float, message: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {message}")
        time.sleep(interval)


class Process:
    """A child in its own process group, its output in a log file (shown when a test fails)."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._log = self.log_path.open("wb")
        self.popen = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def alive(self) -> bool:
        return self.popen.poll() is None

    def signal_group(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signum)

    def kill(self) -> None:
        """SIGKILL to the whole group: no cleanup, no acknowledgements, as when a machine dies."""
        self.signal_group(signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self) -> None:
        if self.alive():
            self.signal_group(signal.SIGTERM)
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.signal_group(signal.SIGKILL)  # stray grandchildren
        self._log.close()


class RedisServer:
    """A redis-server on a port of the test's own, which the test may kill and start again."""

    def __init__(self, log_dir: Path) -> None:
        self.port = free_port()
        self.log_dir = log_dir
        self.process: Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = Process(f"redis-{time.monotonic_ns()}", args, dict(os.environ), self.log_dir)
        wait_until(self.answers, timeout=10, message="redis-server starts")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()


def database_url() -> str:
    """The test database, for the child processes (pytest-django created it; the tests commit to it)."""
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Shop:
    """The production-shaped stack of the Procfile, started piece by piece. Without a Redis server the web
    process handles events in-process, as `make run` does."""

    def __init__(self, redis: RedisServer | None, log_dir: Path) -> None:
        self.redis = redis
        self.log_dir = log_dir
        self.port = free_port()
        self.processes: list[Process] = []
        self.env = {
            "PATH": f"{BIN}:{os.environ.get('PATH', '')}",
            "DATABASE_URL": database_url(),
            "SECRET_KEY": "runtime-tests-only",
            "DEBUG": "off",
            "SECURE_SSL_REDIRECT": "off",
            "THROTTLE_RATES": "off",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PYTHONUNBUFFERED": "1",
            "LOG_LEVEL": "INFO",
        }
        if redis is not None:
            self.env["REDIS_URL"] = redis.url

    def _start(self, name: str, args: list[str]) -> Process:
        process = Process(name, args, self.env, self.log_dir)
        self.processes.append(process)
        return process

    def web(self) -> Process:
        process = self._start(
            "web", [str(BIN / "gunicorn"), "shop.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "2"]
        )
        wait_until(lambda: self.get("/healthz")[0] == 200, timeout=30, message="gunicorn answers /healthz")
        return process

    def worker(self, name: str = "worker") -> Process:
        process = self._start(
            name,
            [
                str(BIN / "celery"),
                "-A",
                "shop.celery",
                "worker",
                "--queues",
                QUEUES,
                "--concurrency",
                "2",
                "--hostname",
                f"{name}@%h",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
            ],
        )
        wait_until(lambda: "ready." in process.log(), timeout=30, message=f"{name} is ready")
        return process

    def relay(self, *, redeliver_after: float = 15) -> Process:
        return self._start(
            "relay",
            [
                str(BIN / "python"),
                "manage.py",
                "relay_events",
                "--interval",
                "0.5",
                "--dispatch-after",
                "1",
                "--redeliver-after",
                str(redeliver_after),
            ],
        )

    def request(
        self, method: str, path: str, body: dict | None = None, token: str | None = None, timeout: float = 5
    ) -> tuple[int, dict | None, float]:
        """(status, JSON body, seconds taken). `timeout` only catches a hang."""
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Token {token}"
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=data, method=method, headers=headers
        )
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        except OSError:
            return 0, None, time.monotonic() - started
        elapsed = time.monotonic() - started
        return status, (json.loads(raw) if raw else None), elapsed

    def get(self, path: str, token: str | None = None):
        return self.request("GET", path, token=token)

    def post(self, path: str, body: dict | None = None, token: str | None = None):
        return self.request("POST", path, body, token=token)

    def logs(self) -> str:
        return "\n".join(f"----- {p.name} -----\n{p.log()[-4000:]}" for p in self.processes)

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()
