"""The pieces both benchmarks use: the Procfile's processes on a database and a redis-server of their own,
and a small JSON client. Loopback only; every process is stopped at the end."""

from __future__ import annotations

import json
import os
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
DATABASE = "shop_bench"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while not (result := predicate()):
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up waiting {timeout:.0f} s for: {what}")
        time.sleep(interval)
    return result


def percentiles(values: list[float]) -> str:
    if len(values) < 2:
        return "n/a"
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return f"p50 {cuts[49] * 1000:.0f} ms, p95 {cuts[94] * 1000:.0f} ms, p99 {cuts[98] * 1000:.0f} ms (n={len(values)})"


class Stack:
    """The Procfile's process types, each started on its own (`bash -c <line>`) so that one can be killed."""

    def __init__(self, log_dir: Path, **env: str) -> None:
        self.log_dir = log_dir
        self.redis_port = free_port()
        self.port = free_port()
        self.lines = dict(line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line.strip())
        self.env = {
            "PATH": f"{BIN}:{os.environ['PATH']}",
            "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "SECRET_KEY": "bench-only",
            "SECURE_SSL_REDIRECT": "off",
            "THROTTLE_RATES": "off",
            "PORT": str(self.port),
            "WEB_CONCURRENCY": "3",
            "LOG_LEVEL": "WARNING",
            **env,
        }
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: str) -> None:
        log = (self.log_dir / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            ["bash", "-c", command],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self, name: str) -> None:
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def redis(self) -> None:
        self.start("redis", f"exec redis-server --port {self.redis_port} --bind 127.0.0.1 --save '' --appendonly no")
        wait_until(self.redis_answers, 10, "redis-server")

    def redis_answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.redis_port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def worker(self, name: str = "worker") -> None:
        self.start(name, self.lines["worker"].strip())
        wait_until(lambda: b"ready." in (self.log_dir / f"{name}.log").read_bytes(), 60, name)

    def up(self) -> Client:
        """Every process type of the Procfile, and a client once the web answers."""
        self.redis()
        self.start("web", self.lines["web"].strip())
        self.worker()
        self.start("relay", self.lines["relay"].strip())
        client = Client(self.port)
        wait_until(lambda: client.call("GET", "/healthz")[0] == 200, 30, "web")
        return client

    def stop(self) -> None:
        for name in list(self.processes):
            try:
                os.killpg(self.processes[name].pid, signal.SIGTERM)
                self.processes[name].wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(self.processes[name].pid, signal.SIGKILL)


class Client:
    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"

    def call(self, method: str, path: str, body=None, token=None, headers=None) -> tuple[int, dict | None, float]:
        headers = {
            "Content-Type": "application/json",
            **({"Authorization": f"Token {token}"} if token else {}),
            **(headers or {}),
        }
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        except OSError:
            return 0, None, time.monotonic() - started
        return status, (json.loads(raw) if raw else None), time.monotonic() - started


def prepare_database() -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")


def setup_django(stack: Stack) -> None:
    os.environ.update({k: v for k, v in stack.env.items() if k != "PATH"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(stack: Stack) -> None:
    """A fresh database with the migrations and the demo data; then Django set up in this process on it."""
    prepare_database()
    for command in ("python manage.py migrate --noinput", "python manage.py seed_demo"):
        subprocess.run(shlex.split(command), cwd=ROOT, env=stack.env, check=True, capture_output=True)
    setup_django(stack)
