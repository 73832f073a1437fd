#!/usr/bin/env python
"""Events at speed: does the saga keep up with everything the web accepts? One run, every figure beside its
floor, on the production stack (the Procfile's processes, as `make serve` starts them) with PostgreSQL and a
redis-server of its own.

    .venv/bin/python bench/events.py [--seconds 8] [--connections 16]

  1. The request. `POST /api/orders/` against the floor, a minimal DRF endpoint doing the same inserts on the
     same server (bench/reference/), measured by wrk side by side, twice each, alternating. Goal ≥ 0.5×.
     Also the Redis commands per order placed (Redis INFO commandstats).
  2. Backlog drain. With the workers stopped, wrk places orders for --seconds (N ≥ 1,000 at this machine's
     rate); then one worker starts, and the time until every order shows `awaiting_deposit` in the read model
     gives the drain rate. Goal ≥ 0.5× the web's rate of step 1. The same for a backlog of deposit
     confirmations: every order confirmed while the workers are stopped, then the time until all show
     `shipping`.
  3. Steady load at a quarter of the web's rate, the seller confirming every deposit twice a second: the lag
     from an event's commit to the read model's checkpoint passing it (sampled every 5 ms). Goal p95 ≤ 100 ms.
  4. `GET /api/my-orders/` against the floor's plain list. Goal ≥ 0.5×. Then the median time of one customer's
     first page, before and after bench/generate.py adds --scale orders (1,000,000) across 50,000 customers.
     Goal: the same cost at 1 k and at 1 M orders, p50 ratio ≤ 1.2.

Loopback only; stops by itself; a database of its own (shop_bench), dropped and created anew. wrk comes from
Debian (installed when missing and run as root). A measurement, not a test: the figures go to
docs/operations.md.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root: the shop and tests.support

from bench.common import CheckpointSampler, bench_stack, percentiles, prepare, steady_load
from tests.support.stack import Stack, wait_until

FLOOR = 0.5


def ensure_wrk() -> str:
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, capture_output=True)
    return shutil.which("wrk")


def wrk(stack: Stack, path: str, token: str, *, body: dict | None, seconds: float, connections: int) -> float:
    """Requests per second that answered 2xx, from wrk (non-2xx answers are reported and not counted)."""
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    lines = [f'wrk.headers["{name}"] = "{value}"' for name, value in headers.items()]
    if body is not None:
        as_lua = json.dumps(json.dumps(body, ensure_ascii=False), ensure_ascii=False)  # Lua knows no \\u escapes
        lines += ['wrk.method = "POST"', f"wrk.body = {as_lua}"]
    script.write_text("\n".join(lines) + "\n")
    result = subprocess.run(
        [ensure_wrk(), "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(script), stack.url(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    script.unlink()
    if result.stderr.strip():
        raise RuntimeError(f"wrk: {result.stderr.strip()}")
    total = int(re.search(r"(\d+) requests in", result.stdout).group(1))
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    failed = int(failed.group(1)) if failed else 0
    elapsed = float(re.search(r"requests in ([\d.]+)s", result.stdout).group(1))
    if failed:
        print(f"   ({failed} of {total} requests to {path} were not 2xx)")
    return (total - failed) / elapsed


def side_by_side(measure_shop, measure_floor, rounds: int = 2) -> tuple[float, float]:
    """The best of `rounds` alternating runs of each: the machine's noise hurts both alike."""
    shop, floor = [], []
    for _ in range(rounds):
        shop.append(measure_shop())
        floor.append(measure_floor())
    return max(shop), max(floor)


def verdict(ratio: float, goal: float = FLOOR) -> str:
    return f"{ratio:.2f}× (goal ≥ {goal}×: {'met' if ratio >= goal else 'NOT met'})"


def read_model_count(status: str) -> int:
    from orderview.models import OrderStatusView

    return OrderStatusView.objects.filter(status=status).count()


def read_model_rows() -> int:
    from orderview.models import OrderStatusView

    return OrderStatusView.objects.count()


def my_orders_p50(stack: Stack, token: str, requests: int = 300, rounds: int = 3) -> float:
    """The median time of the first page of my-orders, one request at a time (after a warm-up): the lowest
    of `rounds` medians, since the machine's noise only ever adds time."""
    for _ in range(20):
        stack.get("/api/my-orders/", token=token)
    medians = []
    for _ in range(rounds):
        times = []
        for _ in range(requests):
            status, _, elapsed = stack.get("/api/my-orders/", token=token)
            assert status == 200, status
            times.append(elapsed)
        medians.append(statistics.median(times))
    return min(medians)


def redis_commands(stack: Stack) -> int:
    import redis

    stats = redis.Redis.from_url(stack.redis.url).info("commandstats")
    return sum(value["calls"] for value in stats.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=8, help="seconds of each wrk run (default 8)")
    parser.add_argument("--connections", type=int, default=16, help="wrk's connections (default 16)")
    parser.add_argument("--steady", type=float, default=20, help="seconds of steady load (default 20)")
    parser.add_argument("--scale", type=int, default=1_000_000, help="orders generated for step 4b (default 1M)")
    args = parser.parse_args()
    ensure_wrk()

    stack = bench_stack("shop-events-", DJANGO_SETTINGS_MODULE="bench.reference.settings")
    prepare(stack)
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from accounts.services import token_issue
    from eventbus.models import StoredEvent
    from orders.models import Order
    from products.services import product_create

    users = get_user_model().objects
    customer = token_issue(user=users.get(username="alice"))
    seller = token_issue(user=users.get(username="seller"))
    product = product_create(name="벤치마크 상품", price=1000, stock=10**8)
    order = {"items": [{"product_id": product.pk, "quantity": 1}], "shipping_address": "서울시 중구 세종대로 110"}

    try:
        stack.redis.start()
        stack.web()
        print(f"stack up (logs in {stack.log_dir}); wrk {args.seconds:g} s × {args.connections} connections per run\n")

        # 1 + 2a. The request, and a backlog of placed orders (no worker runs yet).
        def place() -> float:
            return wrk(stack, "/api/orders/", customer, body=order, seconds=args.seconds, connections=args.connections)

        def place_floor() -> float:
            return wrk(
                stack, "/reference/orders/", customer, body=order, seconds=args.seconds, connections=args.connections
            )

        commands_before, orders_before = redis_commands(stack), Order.objects.count()
        web_rate = place()
        per_order = (redis_commands(stack) - commands_before) / (Order.objects.count() - orders_before)
        shop_rate, floor_rate = side_by_side(place, place_floor)
        shop_rate = max(shop_rate, web_rate)
        print(f"1. POST /api/orders/: {shop_rate:.0f}/s; floor {floor_rate:.0f}/s: {verdict(shop_rate / floor_rate)}")
        print(f"   Redis commands per order placed, workers stopped: {per_order:.1f}")

        shop_orders = StoredEvent.objects.filter(event_type="OrderPlaced")  # not the floor's orders
        backlog = shop_orders.count()
        worker = stack.worker()
        started = time.monotonic()
        wait_until(
            lambda: read_model_count("awaiting_deposit") == backlog, timeout=1800, message="drained", interval=0.05
        )
        drained = backlog / (time.monotonic() - started)
        print(
            f"\n2. backlog of {backlog} placed orders: the read model caught up at {drained:.0f} orders/s; "
            f"the web placed {shop_rate:.0f}/s: {verdict(drained / shop_rate)}"
        )

        # 2b. A backlog of confirmations.
        worker.stop()
        ids = list(shop_orders.values_list("order_id", flat=True))
        with ThreadPoolExecutor(max_workers=8) as pool:
            started = time.monotonic()
            statuses = list(pool.map(lambda i: stack.post(f"/api/payments/{i}/confirm/", token=seller)[0], ids))
            confirm_rate = len(ids) / (time.monotonic() - started)
        assert set(statuses) == {200}, set(statuses)
        worker = stack.worker("second")
        started = time.monotonic()
        wait_until(lambda: read_model_count("shipping") == backlog, timeout=1800, message="drained", interval=0.05)
        drained = backlog / (time.monotonic() - started)
        print(
            f"   backlog of {backlog} confirmed deposits: every order reached shipping at {drained:.0f} orders/s "
            f"(the seller's confirmations went in at {confirm_rate:.0f}/s): {verdict(drained / shop_rate)}"
        )

        # 3. Steady load at a quarter of the web's capacity.
        stack.relay()
        rate = shop_rate / 4
        since = timezone.now()
        with CheckpointSampler() as sampler:
            _latencies, statuses = steady_load(stack, product.pk, customer, seller, rate, args.steady)
            time.sleep(2)  # the last events reach the read model
        lags = sampler.lags(since)
        p95 = sorted(lags)[int(len(lags) * 0.95)] if lags else float("nan")
        print(
            f"\n3. steady load, {rate:.0f} orders/s for {args.steady:g} s with every deposit confirmed ({statuses}): "
            f"commit → read model {percentiles(lags)} (goal p95 ≤ 100 ms: {'met' if p95 <= 0.1 else 'NOT met'})"
        )

        # 4. The one screen.
        def my_orders() -> float:
            return wrk(
                stack, "/api/my-orders/", customer, body=None, seconds=args.seconds, connections=args.connections
            )

        def my_orders_floor() -> float:
            return wrk(
                stack, "/reference/my-orders/", customer, body=None, seconds=args.seconds, connections=args.connections
            )

        shop_rate, floor_rate = side_by_side(my_orders, my_orders_floor)
        print(
            f"\n4. GET /api/my-orders/ ({Order.objects.count()} orders): {shop_rate:.0f}/s; "
            f"the floor {floor_rate:.0f}/s: {verdict(shop_rate / floor_rate)}"
        )

        # 4b. The same screen with a million more orders (bench/generate.py), for the same customer.
        stack.run(f"python bench/generate.py --orders {args.scale // 1000} --customers 50")
        reader = token_issue(user=users.get(username="gen-000001"))
        small, small_rows = my_orders_p50(stack, reader), read_model_rows()
        stack.run(f"python bench/generate.py --orders {args.scale - args.scale // 1000} --customers 50000", 1800)
        large, large_rows = my_orders_p50(stack, reader), read_model_rows()
        print(
            f"   at {small_rows:,} orders p50 {small * 1000:.1f} ms; "
            f"at {large_rows:,} orders p50 {large * 1000:.1f} ms: "
            f"{large / small:.2f}× (goal ≤ 1.2×: {'met' if large / small <= 1.2 else 'NOT met'})"
        )
    except BaseException:
        print(stack.logs(), file=sys.stderr)
        raise
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
