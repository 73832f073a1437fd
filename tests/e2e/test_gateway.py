"""The gateway in front of gunicorn (deploy/haproxy/haproxy.cfg, as `make serve` and compose run it): slow
clients tie up the proxy, not the shop. Fifty slowloris connections, each sending a header line every few
seconds for 30 s, and /healthz and orders keep answering through the gateway."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import threading
import time

import pytest

from tests.support.shop import order_body
from tests.support.stack import ROOT, Process, free_port, wait_until

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.runtime,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("haproxy") is None and not os.environ.get("CI"), reason="needs haproxy"),
]

ATTACKER = "127.0.0.2"  # loopback too, but another client address than the customers' 127.0.0.1


class Slowloris:
    """`connections` requests that never finish: a header line every `pace` seconds, reconnecting when the
    server gives up on one."""

    def __init__(self, port: int, connections: int = 50, pace: float = 3) -> None:
        self.port, self.pace = port, pace
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._one, daemon=True) for _ in range(connections)]
        self.opened = 0

    def _one(self) -> None:
        while not self.stopping.is_set():
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=5, source_address=(ATTACKER, 0)) as s:
                    self.opened += 1
                    s.sendall(b"GET /api/products/ HTTP/1.1\r\nHost: shop\r\n")
                    while not self.stopping.wait(self.pace):
                        s.sendall(b"X-Slow: 1\r\n")
            except OSError:
                self.stopping.wait(0.2)

    def __enter__(self) -> Slowloris:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=10)


@pytest.fixture
def gateway(stacks, tmp_path):
    stack = stacks(TRUST_PROXY_HEADER="on")  # as `make serve` runs it behind the gateway
    stack.web()
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "GATEWAY_BIND": f"127.0.0.1:{port}",
        "WEB_ADDRESS": f"127.0.0.1:{stack.port}",
        "WEB_CONCURRENCY": stack.env["WEB_CONCURRENCY"],
    }
    proxy = Process("gateway", ["haproxy", "-db", "-f", str(ROOT / "deploy/haproxy/haproxy.cfg")], env, tmp_path)
    stack.processes["gateway"] = proxy  # stopped, and its log shown, with the stack's
    stack.port = port  # the stack's client now goes through the gateway
    wait_until(lambda: stack.get("/readyz")[0] == 200, timeout=30, message="the gateway answers")
    return stack


def test_slow_clients_do_not_take_the_shop_down(gateway, shop, apples):
    token = shop.token_of(shop.customer("alice"))
    probes, orders = [], []

    with Slowloris(gateway.port) as attack:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            probes.append(gateway.get("/healthz")[::2])
            orders.append(gateway.post("/api/orders/", order_body((apples.pk, 1)), token)[::2])
            time.sleep(0.5)

    assert attack.opened >= 50, "the slow connections were really open"
    assert {status for status, _ in probes} == {200}
    assert {status for status, _ in orders} == {201}
    slowest = max(seconds for _, seconds in probes + orders)
    assert slowest < 2, f"an answer took {slowest:.1f} s"


def sign_in(port: int, source: str, password: str, forwarded_for: str = "") -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    headers = {"Content-Type": "application/json", **({"X-Forwarded-For": forwarded_for} if forwarded_for else {})}
    connection.request("POST", "/api/auth/token/", json.dumps({"username": "alice", "password": password}), headers)
    status = connection.getresponse().status
    connection.close()
    return status


def test_behind_the_gateway_the_lockout_counts_the_real_client_address(gateway):
    # Registered through the web, whose settings hash the password (the tests' own hasher is a faster one).
    assert gateway.post("/api/auth/register/", {"username": "alice", "password": "a-long-test-passphrase"})[0] == 201
    for n in range(5):  # each with another made-up X-Forwarded-For
        sign_in(gateway.port, ATTACKER, f"wrong-{n}", forwarded_for=f"10.9.9.{n}")

    locked = sign_in(gateway.port, ATTACKER, "a-long-test-passphrase", forwarded_for="10.9.9.99")
    assert locked != 200, "five failures from one address lock it, whatever X-Forwarded-For it made up"
    assert sign_in(gateway.port, "127.0.0.1", "a-long-test-passphrase") == 200, "alice elsewhere signs in"
