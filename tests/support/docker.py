"""The image and compose.yaml, driven from the tests: a Docker engine (deploy/docker/ensure-docker.sh), the
images (deploy/docker/build.sh, on a debootstrapped Debian where Docker Hub is out of reach), and one compose
project of the stack with a JSON client of its web process on 127.0.0.1."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from tests.support.stack import call_api, wait_until

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "deploy" / "docker"
PROJECT_PREFIX = "shop-e2e-"


def run(args: list[str], *, timeout: float = 120, env: dict[str, str] | None = None, check: bool = True) -> str:
    """A command's standard output; AssertionError with its whole output when it fails."""
    result = subprocess.run(
        args, cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=timeout
    )
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(args)} exited with {result.returncode}:\n{result.stdout}{result.stderr}")
    return result.stdout


class Engine:
    """A Docker engine that answers: the one running, or a dockerd started here (stopped again by stop())."""

    def __init__(self) -> None:
        result = subprocess.run(
            ["bash", str(DOCKER / "ensure-docker.sh")],  # noqa: S607 (bash from PATH)
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if result.returncode != 0:
            raise RuntimeError(f"no Docker engine: {result.stderr.strip() or result.stdout.strip()}")
        started = [line.split()[-1] for line in result.stdout.splitlines() if line.startswith("started dockerd")]
        self.started_pid = int(started[0]) if started else None
        self.compose = ["docker", "compose"] if self._answers(["docker", "compose", "version"]) else ["docker-compose"]

    @staticmethod
    def _answers(args: list[str]) -> bool:
        return subprocess.run(args, capture_output=True, timeout=60).returncode == 0

    def sweep(self) -> None:
        """Stacks that an interrupted run left behind (a restarted dockerd would revive them): gone."""
        containers = run(["docker", "ps", "-aq", "--filter", "label=com.docker.compose.project"]).split()
        for container in containers:
            project = run(
                ["docker", "inspect", "-f", '{{index .Config.Labels "com.docker.compose.project"}}', container],
                check=False,
            ).strip()
            if project.startswith(PROJECT_PREFIX):
                run(["docker", "rm", "-f", "-v", container], check=False)
        for volume in run(["docker", "volume", "ls", "-q"]).split():
            if volume.startswith(PROJECT_PREFIX):
                run(["docker", "volume", "rm", "-f", volume], check=False)
        for network in run(["docker", "network", "ls", "--format", "{{.Name}}"]).split():
            if network.startswith(PROJECT_PREFIX):
                run(["docker", "network", "rm", network], check=False)

    def stop(self) -> None:
        """The dockerd started here, if one was: SIGTERM, as `systemctl stop docker` does."""
        if self.started_pid is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.started_pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(self.started_pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.2)


class ComposeStack:
    """One compose project of compose.yaml, its web process published on 127.0.0.1:`web_port`."""

    def __init__(self, engine: Engine, project: str, web_port: int, **env: str) -> None:
        self.engine = engine
        self.project = project
        self.web_port = web_port
        self.env = {"COMPOSE_PROJECT_NAME": project, "WEB_PORT": str(web_port), **env}

    def compose(self, *args: str, timeout: float = 180, check: bool = True) -> str:
        return run([*self.engine.compose, *args], env=self.env, timeout=timeout, check=check)

    def container(self, service: str) -> str:
        container = self.compose("ps", "-q", service).strip()
        assert container, f"{service}: no container"
        return container

    def state(self, service: str) -> dict[str, Any]:
        return json.loads(run(["docker", "inspect", "-f", "{{json .State}}", self.container(service)]))

    def restarts(self, service: str) -> int:
        return int(run(["docker", "inspect", "-f", "{{.RestartCount}}", self.container(service)]))

    def healthy(self, *services: str) -> bool:
        return all(self.state(service).get("Health", {}).get("Status") == "healthy" for service in services)

    def wait_healthy(self, *services: str, timeout: float = 120) -> None:
        wait_until(lambda: self.healthy(*services), timeout=timeout, message=f"{', '.join(services)} healthy")

    def logs(self, service: str) -> str:
        """The service's container log, both streams (the processes log to standard error)."""
        args = ["docker", "logs", self.container(service)]
        return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60).stdout

    def kill_main_process(self, service: str) -> None:
        """SIGKILL to the service's process (gunicorn's master, Celery's main process): tini's child, as if it
        crashed. (`docker kill` would not do: Docker takes it for a deliberate stop, and restarts nothing.)"""
        # The exec may end with the container it ran in: what counts is the restart, checked by the caller.
        self.compose("exec", "-T", service, "sh", "-c", "kill -KILL $(cat /proc/1/task/1/children)", check=False)

    def all_logs(self) -> str:
        return self.compose("logs", "--no-color", "--tail", "60", check=False)

    def down(self) -> None:
        self.compose("down", "--volumes", "--remove-orphans", "--timeout", "10", timeout=120, check=False)

    # --- the API on 127.0.0.1 ----------------------------------------------------------------------------
    def request(
        self, method: str, path: str, body: dict | None = None, token: str | None = None, **headers: str
    ) -> tuple[int, Any]:
        """(status, the JSON answer or None); status 0 when no answer came (refused, reset, or 10 s)."""
        headers = {name.replace("_", "-"): value for name, value in headers.items()}
        return call_api(self.web_port, method, path, body, token, headers)[:2]

    def get(self, path: str, token: str | None = None) -> tuple[int, Any]:
        return self.request("GET", path, token=token)

    def post(self, path: str, body: dict | None = None, token: str | None = None, **headers: str) -> tuple[int, Any]:
        return self.request("POST", path, body, token, **headers)
