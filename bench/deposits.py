#!/usr/bin/env python
"""A large bank statement: how fast `manage.py import_deposits` takes 10,000 lines, and how many SQL statements
a line costs. One run on the production settings (PostgreSQL, Celery over a redis-server of its own; no
worker runs, so the saga's events wait in the outbox as they would for the workers):

    .venv/bin/python bench/deposits.py [--lines 10000]

Half the lines match a pending payment (same normalised name and amount: the payment is confirmed, the stock
taken, the events recorded), half match none and wait for the seller. Beside it, the floor: the same number
of bare INSERTs of a deposit row, one transaction each, on the same database. Loopback only; the database
shop_bench is dropped and created anew.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root

from bench.common import bench_stack, prepare


def pending_payments(count: int, product_id: int) -> None:
    """`count` pending payments, written in bulk (placing that many orders would measure the orders)."""
    from payments.models import Payment
    from payments.names import depositor_key

    Payment.objects.bulk_create(
        [
            Payment(
                order_id=10_000_000 + n,
                amount=10_000 + n,
                depositor_name=f"고객{n:05d}",
                depositor_key=depositor_key(f"고객{n:05d}"),
                bank_account="bench",
                lines=[{"product_id": product_id, "quantity": 1}],
            )
            for n in range(count)
        ],
        batch_size=2000,
    )


def statement(lines: int, prefix: str, first_payment: int = 0) -> str:
    rows = ["거래번호,거래일시,입금자명,입금액"]
    for n in range(lines):
        if n % 2 == 0:  # a pending payment awaits exactly this
            payment = first_payment + n // 2
            rows.append(f"{prefix}{n},2026-12-01 10:00:00,고객{payment:05d},{10_000 + payment}")
        else:
            rows.append(f"{prefix}{n},2026-12-01 10:00:00,모르는 분 {n},{n}")
    return "\n".join(rows) + "\n"


def statements_per_line(lines: int, first_payment: int) -> float:
    """In this process: the statements of importing `lines` more lines (half matching), per line."""
    from django.db import connection

    from deposits.services import deposits_import
    from deposits.statements import read_statement

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    parsed = read_statement("s.csv", statement(lines, "Q-", first_payment).encode())
    with connection.execute_wrapper(counter):
        deposits_import(parsed)
    return count / lines


def floor(lines: int) -> float:
    """Seconds for `lines` bare inserts of a deposit row, one transaction each."""
    from django.db import transaction
    from django.utils import timezone

    from deposits.models import Deposit

    started = time.monotonic()
    for n in range(lines):
        with transaction.atomic():
            Deposit.objects.create(
                transaction_id=f"F-{n}",
                deposited_at=timezone.now(),
                depositor_name="바닥",
                amount=1,
                status="unmatched",
            )
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=10_000, help="lines of the statement (default 10,000)")
    args = parser.parse_args()

    stack = bench_stack("shop-deposits-")
    prepare(stack)
    from deposits.models import Deposit
    from payments.models import Payment
    from products.services import product_create

    try:
        stack.redis.start()
        product = product_create(name="벤치마크 상품", price=1000, stock=10**8)
        pending_payments(args.lines // 2 + 100, product.pk)
        path = Path(tempfile.mkdtemp(prefix="shop-statement-")) / "거래내역.csv"
        path.write_bytes(statement(args.lines, "B-").encode("cp949"))

        started = time.monotonic()
        stack.run(f"python manage.py import_deposits {path}", timeout=3600)
        took = time.monotonic() - started
        matched = Deposit.objects.filter(status="matched").count()
        assert matched == args.lines // 2 and Payment.objects.filter(status="confirmed").count() == matched
        bare = floor(args.lines)
        per_line = statements_per_line(100, first_payment=args.lines // 2)
        print(
            f"import_deposits, {args.lines:,} lines ({matched:,} matched and confirmed): {took:.1f} s, "
            f"{args.lines / took:,.0f} lines/s (the command's start included)\n"
            f"the floor, {args.lines:,} bare inserts one transaction each: {bare:.1f} s; ratio {bare / took:.2f}×\n"
            f"SQL statements per line (100 more lines in one chunk, half matching): {per_line:.2f}"
        )
    except BaseException:
        print(stack.logs(), file=sys.stderr)
        raise
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
