"""Driving the shop as its users do, in-process: its people and catalogue, orders through the API, and the
whole story of the saga, written once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from io import StringIO

from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient

ADDRESS = "서울시 중구 세종대로 110"

# A door a user posts through: (path, JSON body or None) → (status, JSON answer or None). The in-process API
# client (`poster`) and a real HTTP client of a running stack both fit.
Post = Callable[[str, dict | None], tuple[int, dict | None]]


class Shop:
    """The shop's people and catalogue, and API clients signed in as them."""

    def __init__(self, django_user_model):
        self.users = django_user_model

    def client_for(self, user=None, **headers) -> APIClient:
        client = APIClient(**headers)
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {self.token_of(user)}")
        return client

    def token_of(self, user) -> str:
        """A new token for the user, as signing in gives one."""
        from accounts.services import token_issue

        return token_issue(user=user)

    def customer(self, username: str = "alice"):
        return self.users.objects.create_user(username=username, password="a-long-test-passphrase")

    def seller(self, username: str = "seller"):
        return self.users.objects.create_user(username=username, password="a-long-test-passphrase", is_staff=True)

    def product(self, *, name: str = "유기농 사과 5kg", price: int = 32000, stock: int = 10, active: bool = True):
        from products.services import product_create

        return product_create(name=name, price=price, stock=stock, active=active)


def order_body(*lines: tuple[int, int], address: str = ADDRESS, **extra) -> dict:
    return {
        "items": [{"product_id": product_id, "quantity": quantity} for product_id, quantity in lines],
        "shipping_address": address,
        **extra,
    }


def place(client: APIClient, *lines: tuple[int, int], **extra) -> dict:
    response = client.post("/api/orders/", order_body(*lines, **extra), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def my_order(client: APIClient, order_id: int) -> dict:
    response = client.get(f"/api/my-orders/{order_id}/")
    assert response.status_code == 200, response.content
    return response.json()


def poster(client: APIClient) -> Post:
    def post(path: str, body: dict | None = None) -> tuple[int, dict | None]:
        response = client.post(path, body, format="json")
        return response.status_code, (response.json() if response.content else None)

    return post


def the_whole_story(shop: Shop, customer: Post, seller: Post, *, settle: Callable[[], object] = lambda: None) -> dict:
    """One order delivered and closed, one canceled by its customer, one canceled for short stock, in that
    order of ids. `settle` waits for the events of each step to be handled (nothing to wait for in-process).
    Returns the order ids by what became of them."""
    apples = shop.product(name="사과", stock=5)
    pears = shop.product(name="배", stock=5)
    ids = {}
    orders = {"closed": [(apples.pk, 2), (pears.pk, 1)], "canceled": [(apples.pk, 1)], "short": [(pears.pk, 5)]}
    for outcome, lines in orders.items():
        status, order = customer("/api/orders/", order_body(*lines))
        assert status == 201, order
        ids[outcome] = order["id"]
    settle()
    for post, path, expected in (
        (seller, f"/api/payments/{ids['closed']}/confirm/", "confirmed"),
        (customer, f"/api/orders/{ids['canceled']}/cancel/", "canceled"),
        (seller, f"/api/payments/{ids['short']}/confirm/", "canceled"),  # the pears left are too few
    ):
        status, answer = post(path, None)
        assert (status, answer["status"]) == (200, expected), answer
    settle()
    status, answer = customer(f"/api/orders/{ids['closed']}/confirm-receipt/", None)
    assert (status, answer["status"]) == (200, "closed"), answer
    settle()
    return ids


def nothing_was_written() -> bool:
    """No order, payment or event: what a refused request must leave behind."""
    from eventbus.models import StoredEvent
    from orders.models import Order
    from payments.models import Payment

    return not Order.objects.exists() and not StoredEvent.objects.exists() and not Payment.objects.exists()


def catch_up_every_group() -> None:
    """Every group applies what it has not, again and again until none has anything left: the workers'
    share of the saga, for tests whose requests left their events in the outbox."""
    from eventbus.consumer import catch_up
    from eventbus.subscriptions import groups

    while sum(catch_up(group.name).applied for group in groups()):
        pass


def run(*args) -> str:
    """A management command, as an operator runs it; its output."""
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def payment_pks(*orders) -> list[int]:
    """The admin selects rows by their primary key: the payments', not the orders' ids."""
    from payments.models import Payment

    return [Payment.objects.get(order_id=order["id"]).pk for order in orders]


def all_at_once(calls: list, *, together: int | None = None, threads: int = 40) -> list:
    """Runs the calls in threads, each with its own database connection, released by barriers in groups of
    `together` (default: all at once); returns their results in order."""
    together = together or len(calls)
    barriers = [threading.Barrier(together, timeout=30) for _ in range(0, len(calls), together)]

    def run(numbered):
        n, call = numbered
        try:
            barriers[n // together].wait()
            return call()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=min(threads, len(calls))) as pool:
        return list(pool.map(run, enumerate(calls)))
