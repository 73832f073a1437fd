"""What both benchmarks need besides the processes (tests/support/stack.py): a database of their own with
the migrations and the demo data, Django set up on it in this process, and percentiles to report."""

from __future__ import annotations

import os
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.support.stack import Stack

POSTGRES = "postgres://postgres@127.0.0.1:5432"
DATABASE = "shop_bench"
DATABASE_URL = f"{POSTGRES}/{DATABASE}"


def percentiles(values: list[float]) -> str:
    if len(values) < 2:
        return "n/a"
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return f"p50 {cuts[49] * 1000:.0f} ms, p95 {cuts[94] * 1000:.0f} ms, p99 {cuts[98] * 1000:.0f} ms (n={len(values)})"


def prepare_database() -> None:
    """Drops and creates the benchmarks' database: every run starts from nothing."""
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")


def setup_django(stack: Stack) -> None:
    """Django in this process with the stack's settings, to prepare data and read the results directly."""
    os.environ.update({name: value for name, value in stack.env.items() if name != "PATH"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    import django

    django.setup()


def prepare(stack: Stack) -> None:
    """A fresh database with the migrations and the demo data; then Django set up in this process on it."""
    prepare_database()
    stack.run("python manage.py migrate --noinput")
    stack.run("python manage.py seed_demo --force")
    setup_django(stack)


def bench_stack(prefix: str, **env: str) -> Stack:
    """The stack every benchmark drives: a redis-server of its own, 3 gunicorn workers, quiet logs."""
    log_dir = Path(tempfile.mkdtemp(prefix=prefix))
    return Stack(log_dir, DATABASE_URL, redis=True, **{"WEB_CONCURRENCY": "3", "LOG_LEVEL": "WARNING", **env})


def steady_load(stack: Stack, product_id: int, customer: str, seller: str | None, rate: float, seconds: float):
    """Places `rate` orders a second for `seconds`; meanwhile, unless `seller` is None, the seller confirms
    every pending deposit twice a second, as a seller watching the payments list would."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    placing = threading.Event()
    placing.set()

    def one_order() -> None:
        status, _, elapsed = stack.post(
            "/api/orders/", {"items": [{"product_id": product_id, "quantity": 1}], "shipping_address": "서울"}, customer
        )
        with lock:
            latencies.append(elapsed)
            statuses[status] = statuses.get(status, 0) + 1

    def confirm_pending() -> None:
        while placing.is_set():
            _, page, _ = stack.get("/api/payments/?status=pending&page_size=100", token=seller)
            for payment in (page or {}).get("results", []):
                stack.post(f"/api/payments/{payment['order_id']}/confirm/", token=seller)
            time.sleep(0.5)

    confirmer = threading.Thread(target=confirm_pending, daemon=True)
    if seller is not None:
        confirmer.start()
    with ThreadPoolExecutor(max_workers=32) as pool:
        started = time.monotonic()
        for n in range(int(rate * seconds)):
            time.sleep(max(0.0, started + n / rate - time.monotonic()))
            pool.submit(one_order)
    placing.clear()
    if seller is not None:
        confirmer.join()
    return latencies, statuses


class CheckpointSampler:
    """Polls the read model's checkpoint every 5 ms, remembering when it passed each position."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, int, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        from django.db import connection

        from eventbus.models import Checkpoint

        while not self._stop.is_set():
            row = Checkpoint.objects.filter(group="orderview").values_list("txid", "event").first()
            if row is not None:
                self.samples.append((time.time(), *row))
            time.sleep(0.005)
        connection.close()

    def __enter__(self) -> CheckpointSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def lags(self, since) -> list[float]:
        """Per projected event recorded since `since`: the first sample at or past it, minus its recording."""
        from eventbus.models import StoredEvent
        from orderview.projection import PROJECTED_EVENTS

        events = StoredEvent.objects.filter(
            recorded_at__gte=since, event_type__in=[e.type_name() for e in PROJECTED_EVENTS]
        ).values_list("txid", "id", "recorded_at")
        lags = []
        index = 0
        for txid, event_id, recorded_at in sorted(events):
            while index < len(self.samples) and self.samples[index][1:] < (txid, event_id):
                index += 1
            if index == len(self.samples):
                break
            lags.append(self.samples[index][0] - recorded_at.timestamp())
        return lags
