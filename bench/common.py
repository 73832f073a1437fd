"""What both benchmarks need besides the processes (tests/support/stack.py): a database of their own with
the migrations and the demo data, Django set up on it in this process, and percentiles to report."""

from __future__ import annotations

import os
import statistics

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
