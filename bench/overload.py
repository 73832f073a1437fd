#!/usr/bin/env python
"""Overloads POST /api/orders/ on the production stack (the Procfile's processes, as `make serve` runs them).

    .venv/bin/python bench/overload.py [--clients 64] [--customers 400] [--seconds 30]

Two phases, each --seconds long, with --clients concurrent clients ordering as --customers customers with the
default throttle rates (orders=30/minute per customer):
  1. plain overload: more clients than the web workers can serve at once;
  2. the same, while another session holds the products table locked for a third of the phase (what a stuck
     migration does): placements time out, the breaker opens, and the shop answers 503 at once.

Prints, per phase: the share of each status, p50 / p99 of the admitted requests (201), how fast 503s and
429s were, and checks that no other 5xx appeared and that no order was lost or doubled (every 201 is one
order in the database, and resending a sample of Idempotency-Keys returns the same orders).
Loopback only; stops by itself. A measurement, not a test: the figures go to docs/operations.md.
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root: the shop and tests.support

from bench.common import bench_stack, percentiles, prepare
from tests.support.stack import Stack


def place_order(stack: Stack, product_id: int, token: str, key: str) -> tuple[int, dict | None, float]:
    """One unit of the product, sent with its Idempotency-Key (resending the key must return the same order)."""
    body = {"items": [{"product_id": product_id, "quantity": 1}], "shipping_address": "서울"}
    return stack.post("/api/orders/", body, token, headers={"Idempotency-Key": key})


def hammer(stack: Stack, product_id: int, tokens: list[str], clients: int, seconds: float) -> list[tuple]:
    """Every client orders again as soon as it has an answer. Returns (status, seconds, key, token, body)."""
    results: list[tuple] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def one_client() -> None:
        rng = random.Random()
        while time.monotonic() < deadline:
            token, key = rng.choice(tokens), str(uuid.uuid4())
            status, body, elapsed = place_order(stack, product_id, token, key)
            with lock:
                results.append((status, elapsed, key, token, body))

    with ThreadPoolExecutor(max_workers=clients) as pool:
        for _ in range(clients):
            pool.submit(one_client)
    return results


def report(name: str, results: list[tuple], stack: Stack, product_id: int, orders_before: int) -> None:
    from orders.models import Order

    statuses = Counter(status for status, *_ in results)
    total = len(results)
    share = ", ".join(f"{status}: {count} ({100 * count / total:.1f}%)" for status, count in sorted(statuses.items()))
    print(f"\n{name}: {total} requests, {total / args.seconds:.0f}/s; {share}")
    print(f"  admitted (201): {percentiles([t for s, t, *_ in results if s == 201])}")
    for refused in (503, 429):
        times = [t for s, t, *_ in results if s == refused]
        if times:
            print(f"  {refused}: {percentiles(times)}, max {max(times) * 1000:.0f} ms")
    other = {s: n for s, n in statuses.items() if (s >= 500 and s != 503) or s == 0}
    print(f"  other 5xx or no answer: {other or 'none'}")
    created = Order.objects.count() - orders_before
    admitted = statuses.get(201, 0)
    verdict = "OK" if created == admitted else "MISMATCH"
    print(f"  orders in the database: {created} for {admitted} answers 201 -> {verdict}")
    sample = [r for r in results if r[0] == 201][:50]
    replays = Counter()
    for _, _, key, token, body in sample:
        status, replay, _ = place_order(stack, product_id, token, key)
        replays["same order" if status == 201 and replay["id"] == body["id"] else str(status)] += 1
    print(
        f"  resending {len(sample)} Idempotency-Keys: {dict(replays)}; "
        f"{Order.objects.count() - orders_before - created} new orders"
    )


def main() -> None:
    stack = bench_stack("shop-overload-", THROTTLE_RATES="orders=30/minute,auth=1000/minute")
    prepare(stack)
    from django.contrib.auth import get_user_model
    from django.db import connection

    from accounts.services import token_issue
    from orders.models import Order
    from products.models import Product
    from products.services import product_create

    user_model = get_user_model()
    # Customers who sign in with a token only: no password to hash, so hundreds are made in a moment.
    customers = user_model.objects.bulk_create(user_model(username=f"load{n}") for n in range(args.customers))
    tokens = [token_issue(user=user) for user in customers]
    product = product_create(name="과부하 상품", price=1000, stock=10**7)
    try:
        stack.up()
        print(
            f"stack up (logs in {stack.log_dir}); {args.clients} clients as {args.customers} customers, "
            f"web workers: {stack.env['WEB_CONCURRENCY']}"
        )

        before = Order.objects.count()
        report("1. overload", hammer(stack, product.pk, tokens, args.clients, args.seconds), stack, product.pk, before)

        time.sleep(61)  # a fresh throttle window for every customer
        before = Order.objects.count()

        def stuck_migration() -> None:
            time.sleep(args.seconds / 3)
            with connection.cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute(f"LOCK TABLE {Product._meta.db_table} IN ACCESS EXCLUSIVE MODE")
                time.sleep(args.seconds / 3)
                cursor.execute("ROLLBACK")
            connection.close()

        locker = threading.Thread(target=stuck_migration)
        locker.start()
        results = hammer(stack, product.pk, tokens, args.clients, args.seconds)
        locker.join()
        report("2. overload with the products table locked for a third of the time", results, stack, product.pk, before)
    finally:
        stack.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--customers", type=int, default=400)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    main()
