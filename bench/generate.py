#!/usr/bin/env python
"""Fills a scratch database with order history at scale, for the benchmarks of the one screen:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shop_bench .venv/bin/python bench/generate.py \\
        --orders 1000000 --customers 50000

It writes what `GET /api/my-orders/` reads: the customers (`gen-000001` …, who cannot sign in with a password)
and one read-model row per order, closed after a paid and delivered history, spread over the last year. Each
row is the one the projection builds from that history's events (orderview.projection.apply_event), so the
rows look exactly like live ones; the events themselves, the payments and the deliveries are not written,
and `rebuild_orderview` on this database would drop the generated rows. The orders' ids are taken from the
orders' own sequence, so orders placed afterwards never meet them. Run it again to add more.

PostgreSQL only; rows go in by COPY, 50,000 at a time, with a progress line. A million orders take about a
minute on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root

CHUNK = 50_000
PREFIX = "gen-"


def customers(count: int) -> list[int]:
    """The ids of `count` generated customers, created when missing (one password hash for all: unusable)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    users = get_user_model().objects
    names = [f"{PREFIX}{n:06d}" for n in range(1, count + 1)]
    existing = set(users.filter(username__in=names).values_list("username", flat=True))
    unusable = make_password(None)
    users.bulk_create(
        [users.model(username=name, password=unusable) for name in names if name not in existing], batch_size=5000
    )
    return list(users.filter(username__in=names).order_by("username").values_list("pk", flat=True))


def template_row():
    """A closed order's row, built by the projection from the events of a paid and delivered order."""
    from deliveries.events import DeliveryStarted
    from orders.events import OrderClosed, OrderPlaced
    from orderview.models import OrderStatusView
    from orderview.projection import apply_event
    from payments.events import PayChecked, PayPlaced
    from products.events import QtyDecreased

    items = [{"product_id": 1, "product_name": "사과 1박스", "unit_price": 25000, "quantity": 2}]
    placed = OrderPlaced(order_id=0, customer_id=0, items=items, total=50000, shipping_address="", depositor_name="")
    later = placed.occurred_at + timedelta(hours=1)
    history = [
        placed,
        PayPlaced(order_id=0, amount=50000, bank_account="", occurred_at=later),
        PayChecked(order_id=0, amount=50000, actor={}, occurred_at=later + timedelta(days=1)),
        QtyDecreased(order_id=0, lines=[{"product_id": 1, "quantity": 2}], occurred_at=later + timedelta(days=1)),
        DeliveryStarted(order_id=0, occurred_at=later + timedelta(days=2)),
        OrderClosed(order_id=0, actor={}, occurred_at=later + timedelta(days=4)),
    ]
    row = OrderStatusView(order_id=0)
    for event in history:
        apply_event(row, event)
    return row


def generate(orders: int, customer_count: int) -> None:
    import json

    from django.db import connection, connections, router
    from django.utils import timezone

    from orders.models import Order
    from orderview.models import OrderStatusView

    started = time.monotonic()
    owners = customers(customer_count)
    print(f"{len(owners):,} customers ready ({time.monotonic() - started:.0f} s)")

    table = Order._meta.db_table
    with connection.cursor() as cursor:  # reserve the ids: orders placed later take the ones after them
        cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))")
        first = cursor.fetchone()[0]
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [first + orders])

    row = template_row()
    items = json.dumps(row.items, ensure_ascii=False)
    columns = ["order_id", "customer_id", "status", "items", "total", "payment_status", "delivery_status",
               "placed_at", "updated_at"]  # fmt: skip
    now = timezone.now()
    database = router.db_for_write(OrderStatusView)
    written = 0
    with connections[database].cursor() as cursor:
        while written < orders:
            size = min(CHUNK, orders - written)
            copy = f"COPY {OrderStatusView._meta.db_table} ({', '.join(columns)}) FROM STDIN"
            with cursor.copy(copy) as pipe:
                for n in range(written, written + size):
                    placed_at = now - timedelta(seconds=(orders - n) * 31_536_000 // orders)  # over the last year
                    pipe.write_row((
                        first + n, owners[n % len(owners)], row.status, items, row.total, row.payment_status,
                        row.delivery_status, placed_at, placed_at + (row.updated_at - row.placed_at),
                    ))  # fmt: skip
            written += size
            elapsed = time.monotonic() - started
            print(f"\r{written:>12,} / {orders:,} orders ({elapsed:.0f} s)", end="", flush=True)
        # Vacuumed and analysed at once: the first reads of freshly copied rows would otherwise write their hint
        # bits, and autovacuum would start on the table in the middle of whatever is measured next.
        cursor.execute(f"VACUUM ANALYZE {OrderStatusView._meta.db_table}")
    print(f"\ndone: {orders:,} orders across {len(owners):,} customers in {time.monotonic() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=1_000_000, help="orders to add (default 1,000,000)")
    parser.add_argument("--customers", type=int, default=50_000, help="customers they belong to (default 50,000)")
    args = parser.parse_args()
    if args.orders < 1 or args.customers < 1:
        parser.error("--orders and --customers must be at least 1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        parser.error("PostgreSQL only: set DATABASE_URL to a scratch database")
    generate(args.orders, args.customers)


if __name__ == "__main__":
    main()
