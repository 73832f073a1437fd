#!/usr/bin/env python
"""Measures the production runtime: the Procfile's processes (as `make serve` starts them) on PostgreSQL and
a redis-server of its own, driven at a steady rate of orders and deposit confirmations.

    .venv/bin/python bench/runtime.py [--rate 10] [--duration 30] [--outage 60]

Prints:
  1. the lag from an event's commit to the read model's update (p50 / p95 / p99),
  2. the time to drain the backlog after a broker outage of --outage seconds,
  3. the time from a worker's SIGKILL, in the middle of a page, to the event's effect.

Everything runs on 127.0.0.1 and stops by itself. It uses a database of its own (shop_bench), dropped and
created anew. These are measurements, not pass/fail checks: the figures go to docs/operations.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root: the shop and tests.support

from bench.common import CheckpointSampler, bench_stack, percentiles, prepare, steady_load
from tests.support.stack import wait_until


def everything_processed() -> bool:
    from eventbus.consumer import lag
    from eventbus.subscriptions import groups

    return all(lag(group).behind == 0 for group in groups())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=10, help="orders per second (default 10)")
    parser.add_argument("--duration", type=float, default=30, help="seconds of steady load (default 30)")
    parser.add_argument("--outage", type=float, default=60, help="seconds the broker is down (default 60)")
    args = parser.parse_args()

    stack = bench_stack("shop-bench-")
    prepare(stack)
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.services import token_issue
    from deliveries.models import Delivery
    from products.services import product_create

    users = get_user_model().objects
    customer = token_issue(user=users.get(username="alice"))
    seller = token_issue(user=users.get(username="seller"))
    product = product_create(name="벤치마크 상품", price=1000, stock=10**7)

    try:
        stack.up()
        print(f"stack up (logs in {stack.log_dir}); {args.rate:g} orders/s with confirmations")

        # 1. Steady load: commit → read model.
        since = timezone.now()
        with CheckpointSampler() as sampler:
            latencies, statuses = steady_load(stack, product.pk, customer, seller, args.rate, args.duration)
            wait_until(everything_processed, timeout=120, message="the steady load is processed")
        print(
            f"\n1. steady load, {args.duration:g} s: responses {statuses}; POST /api/orders/ {percentiles(latencies)}"
        )
        print(f"   commit → read model: {percentiles(sampler.lags(since))}")

        # 2. The broker is down for a while; orders keep coming.
        stack.redis.kill()
        latencies, statuses = steady_load(stack, product.pk, customer, None, args.rate, args.outage)
        stack.redis.start()
        back = time.monotonic()
        wait_until(everything_processed, timeout=600, message="the backlog drains")
        drained = time.monotonic() - back
        print(f"\n2. broker down {args.outage:g} s: responses {statuses}; POST /api/orders/ {percentiles(latencies)}")
        print(f"   backlog drained {drained:.1f} s after the broker came back")

        # 3. A worker dies in the middle of a handler.
        _, order, _ = stack.post(
            "/api/orders/", {"items": [{"product_id": product.pk, "quantity": 1}], "shipping_address": "서울"}, customer
        )
        wait_until(
            lambda: Delivery.objects.filter(order_id=order["id"]).exists(), timeout=60, message="the order's delivery"
        )
        with transaction.atomic():
            with connection.cursor() as cursor:  # writers wait; SHARE mode takes no transaction id
                cursor.execute(f"LOCK TABLE {Delivery._meta.db_table} IN SHARE MODE")
            stack.post(f"/api/payments/{order['id']}/confirm/", token=seller)

            def handler_waits() -> bool:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_stat_clear_snapshot()")  # a fresh view inside the transaction
                    cursor.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                        "AND datname = current_database()"
                    )
                    return cursor.fetchone()[0] > 0

            wait_until(handler_waits, timeout=60, message="the handler to be mid-flight")
            stack.processes["worker"].kill()
            killed = time.monotonic()
        stack.worker("worker-2")
        wait_until(
            lambda: Delivery.objects.filter(order_id=order["id"], status="started").exists(),
            timeout=300,
            message="redelivery",
        )
        print(
            f"\n3. worker SIGKILLed mid-handler: the event's effect {time.monotonic() - killed:.1f} s later "
            f"(including the new worker's start)"
        )
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
