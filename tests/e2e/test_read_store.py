"""ORDERVIEW_DATABASE_URL: the read model in a database of its own, with its group's checkpoint beside it, fed
by the workers from the main database's event log; the customers' screen and the rebuild read it there."""

from __future__ import annotations

import psycopg
import pytest

from orderview.models import OrderStatusView
from tests.support.shop import order_body
from tests.support.stack import django_database_url, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.runtime, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def read_store():
    """An empty database beside the test database, dropped afterwards."""
    main = django_database_url()
    server, name = main.rsplit("/", 1)
    store = f"{name}_read_store"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {store} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {store}")
    yield f"{server}/{store}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {store} WITH (FORCE)")


def rows_in(url: str, query: str) -> list[tuple]:
    with psycopg.connect(url) as connection:
        return connection.execute(query).fetchall()


def test_the_read_model_lives_in_its_own_database(stacks, shop, apples, read_store):
    stack = stacks(redis=True, ORDERVIEW_DATABASE_URL=read_store)
    stack.run("python manage.py migrate --noinput")
    customer, seller = shop.token_of(shop.customer("alice")), shop.token_of(shop.seller("seller"))
    stack.web()
    stack.worker()
    ids = [stack.post("/api/orders/", order_body((apples.pk, 1)), customer)[1]["id"] for _ in range(3)]

    def my_orders() -> list[tuple[int, str]]:
        _, page, _ = stack.get("/api/my-orders/", customer)
        return sorted((row["order_id"], row["status"]) for row in page["results"])

    wait_until(lambda: {status for _, status in my_orders()} == {"awaiting_deposit"}, timeout=60, message="3 rows")
    assert stack.post(f"/api/payments/{ids[0]}/confirm/", token=seller)[0] == 200
    wait_until(lambda: my_orders()[0] == (ids[0], "shipping"), timeout=60, message="the confirmed order ships")

    stored = rows_in(read_store, "SELECT order_id, status FROM orderview_orderstatusview ORDER BY order_id")
    assert stored == my_orders()
    assert not OrderStatusView.objects.using("default").exists(), "nothing in the main database"
    assert rows_in(read_store, 'SELECT "group" FROM eventbus_checkpoint') == [("orderview",)]
    tables = {name for (name,) in rows_in(read_store, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    assert "eventbus_storedevent" not in tables and "orders_order" not in tables

    stack.run("python manage.py rebuild_orderview")
    assert rows_in(read_store, "SELECT order_id, status FROM orderview_orderstatusview ORDER BY order_id") == stored
