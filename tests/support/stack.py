"""The production processes for real: each process type of the Procfile started as `make serve` starts it
(`bash -c "<line>"` from the project root, with only the variables set here), on a database the caller names
and, optionally, a redis-server of the stack's own. A wrong Procfile line fails whoever starts it.

Everything listens on 127.0.0.1 only. Every process runs in its own process group with its output in a log
file, and stops with the stack. The tests and the benchmarks (bench/) share this module."""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from deploy.supervise import read_procfile

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate: Callable[[], T], *, timeout: float, message: str, interval: float = 0.2) -> T:
    """The predicate's first true result; AssertionError (a test failure) when none comes in time."""
    deadline = time.monotonic() + timeout
    while not (result := predicate()):
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {message}")
        time.sleep(interval)
    return result


def redis_answers(url: str) -> bool:
    """A raw PING: tells whether a Redis server answers, without the client library's retries."""
    address = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection((address.hostname or "127.0.0.1", address.port or 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def django_database_url() -> str:
    """The database of this process's Django connection, for the child processes: in the tests, the test
    database that pytest-django created (the tests commit to it so that the children see their data)."""
    from django.db import connection

    db = connection.settings_dict
    credentials = db["USER"] + (f":{urllib.parse.quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Process:
    """A child in its own process group (so that its own children get every signal too), its output
    appended to `<log_dir>/<name>.log`."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        with self.log_path.open("ab") as log:
            self.popen = subprocess.Popen(
                args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole group: no cleanup, no acknowledgements, as when a machine dies."""
        self.signal(signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM, and SIGKILL if the group is not gone within `timeout` (gunicorn's graceful_timeout)."""
        if self.alive():
            self.signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self.signal(signal.SIGKILL)  # grandchildren that outlived their parent

    def signal_main(self, signum: int) -> None:
        """`signum` to the main process only (Celery's and gunicorn's masters manage their own children)."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.popen.pid, signum)

    def signal(self, signum: int) -> None:
        """`signum` to the whole group."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signum)


class RedisServer:
    """A redis-server on a free port, without persistence, which may be killed and started again."""

    def __init__(self, log_dir: Path) -> None:
        self.port = free_port()
        self.log_dir = log_dir
        self.process: Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = Process("redis", args, {"PATH": os.environ["PATH"]}, self.log_dir)
        wait_until(lambda: redis_answers(self.url), timeout=10, message="redis-server answers")

    def kill(self) -> None:
        assert self.process is not None, "the redis-server was never started"
        self.process.kill()

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()


class Stack:
    """The Procfile's process types on `database_url`, started one by one so that each can be stopped or
    killed, and a JSON client of the web process. Without a redis-server, the processes handle events
    in-process, as `make run` does.

    `env` adds variables or overrides the defaults below (the benchmarks set WEB_CONCURRENCY=3, for one)."""

    def __init__(self, log_dir: Path, database_url: str, *, redis: bool = False, **env: str) -> None:
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_dir = log_dir
        self.port = free_port()
        self.redis = RedisServer(log_dir) if redis else None
        self.procfile = read_procfile((ROOT / "Procfile").read_text())
        self.processes: dict[str, Process] = {}
        self.env = {
            "PATH": f"{BIN}:{os.environ['PATH']}",
            "DATABASE_URL": database_url,
            **({"REDIS_URL": self.redis.url} if self.redis is not None else {}),
            "SECRET_KEY": "loopback-only-not-a-secret-but-long-enough-for-the-production-rule",
            "DEBUG": "off",
            "SECURE_SSL_REDIRECT": "off",
            "THROTTLE_RATES": "off",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PORT": str(self.port),
            # The web line stays as written; gunicorn lets this override the config file's 0.0.0.0.
            "GUNICORN_CMD_ARGS": f"--bind 127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "2",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
            **env,
        }

    def start(self, process_type: str, *arguments: str, name: str | None = None) -> Process:
        """The Procfile's line for `process_type`, with `arguments` appended, in a process called `name`
        (the process type unless given; one name, one process and log file)."""
        name = name or process_type
        if name in self.processes:
            raise ValueError(f"the stack has a process called {name} already")
        line = " ".join([self.procfile[process_type], *map(shlex.quote, arguments)])
        self.processes[name] = Process(name, ["bash", "-c", line], self.env, self.log_dir)
        return self.processes[name]

    def web(self) -> Process:
        process = self.start("web")
        self._wait_ready(process, lambda: self.get("/healthz")[0] == 200, timeout=30, what="/healthz answers 200")
        return process

    def worker(self, name: str = "worker") -> Process:
        """A Celery worker with a node name of its own, so that several can run side by side."""
        process = self.start("worker", "--hostname", f"{name}@%h", name=name)
        self._wait_ready(process, lambda: "ready." in process.log(), timeout=60, what="the worker is ready")
        return process

    def supervised_worker(self, name: str = "worker") -> Process:
        """A Celery worker under deploy/supervise.py, as `make serve` runs it (and compose's restart policy,
        and Kubernetes): started again when it dies. Celery 5.7.0's worker can die of a broker that goes
        away at the wrong moment (an AttributeError in kombu while it closes the broken connection)."""
        line = f"{name}: {self.procfile['worker']} --hostname {name}@%h"
        self.processes[name] = Process(
            name, [str(BIN / "python"), "-m", "deploy.supervise", "/dev/null", line], self.env, self.log_dir
        )
        process = self.processes[name]
        self._wait_ready(process, lambda: "ready." in process.log(), timeout=60, what="the worker is ready")
        return process

    def relay(self, *arguments: str) -> Process:
        return self.start("relay", *arguments)

    def scheduler(self, *arguments: str) -> Process:
        return self.start("scheduler", *arguments)

    def up(self) -> None:
        """Every process type, as `make serve` starts them (after the redis-server, if the stack has one)."""
        if self.redis is not None:
            self.redis.start()
        self.web()
        self.worker()
        self.relay()
        self.scheduler()
        forgotten = set(self.procfile) - set(self.processes)
        assert not forgotten, f"the Procfile has process types that Stack.up() does not start: {forgotten}"

    def run(self, command: str, timeout: float = 120) -> None:
        """A one-off command (`python manage.py migrate`, say) from the project root with the processes'
        environment; AssertionError with its output when it fails."""
        result = subprocess.run(
            ["bash", "-c", command],  # noqa: S607 (bash from PATH, as for the Procfile's lines)
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise AssertionError(f"{command} exited with {result.returncode}:\n{result.stdout}{result.stderr}")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str, token: str | None = None) -> tuple[int, Any, float]:
        return self._request("GET", path, None, token, {})

    def post(
        self, path: str, body: dict | None = None, token: str | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Any, float]:
        return self._request("POST", path, body, token, headers or {})

    def logs(self) -> str:
        """The end of every process's log, to show with a failure."""
        processes = list(self.processes.values())
        if self.redis is not None and self.redis.process is not None:
            processes.append(self.redis.process)
        return "\n".join(f"----- {process.name} -----\n{process.log()[-4000:]}" for process in processes)

    def stop(self) -> None:
        """Every process, the last started first, then the redis-server."""
        for process in reversed(self.processes.values()):
            process.stop()
        if self.redis is not None:
            self.redis.stop()

    def _wait_ready(self, process: Process, ready: Callable[[], bool], *, timeout: float, what: str) -> None:
        """Waits for `ready`; a process that exits meanwhile fails at once, with its log."""

        def ready_or_exited() -> bool:
            if not process.alive():
                raise AssertionError(f"{process.name} exited with {process.popen.returncode}:\n{process.log()[-4000:]}")
            return ready()

        wait_until(ready_or_exited, timeout=timeout, message=f"{process.name}: {what}")

    def _request(
        self, method: str, path: str, body: dict | None, token: str | None, headers: dict[str, str]
    ) -> tuple[int, Any, float]:
        return call_api(self.port, method, path, body, token, headers)


def call_api(
    port: int, method: str, path: str, body: dict | None = None, token: str | None = None, headers=None
) -> tuple[int, Any, float]:
    """One JSON request to 127.0.0.1:`port`: (status, the JSON answer, or its text when it is not JSON, or None,
    and the seconds it took); status 0 when no answer came (refused, reset, or 10 s)."""
    authorization = {"Authorization": f"Token {token}"} if token else {}
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        None if body is None else json.dumps(body).encode(),
        {"Content-Type": "application/json", **authorization, **(headers or {})},
        method=method,
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    except OSError:
        return 0, None, time.monotonic() - started
    try:
        answer = json.loads(raw) if raw else None
    except ValueError:
        answer = raw.decode(errors="replace")
    return status, answer, time.monotonic() - started
