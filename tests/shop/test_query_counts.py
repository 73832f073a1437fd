"""The number of SQL queries of a request does not grow with the lines of an order or the orders listed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.shop import order_body, place

pytestmark = pytest.mark.django_db(transaction=True)


def queries_of(request) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code < 300, response.content
    return len(captured)


@pytest.fixture
def catalogue(shop):
    return [shop.product(name=f"상품 {n}", price=1000 + n, stock=1000) for n in range(50)]


def test_placing_and_confirming_an_order_costs_the_same_for_1_or_50_lines(
    as_alice, as_seller, catalogue, django_assert_max_num_queries
):
    def place_and_confirm(products):
        body = order_body(*[(product.pk, 1) for product in products])
        counts = {"place": queries_of(lambda: as_alice.post("/api/orders/", body, format="json"))}
        order_id = as_alice.get("/api/orders/").json()["results"][0]["id"]
        counts["confirm"] = queries_of(lambda: as_seller.post(f"/api/payments/{order_id}/confirm/"))
        counts["receipt"] = queries_of(lambda: as_alice.post(f"/api/orders/{order_id}/confirm-receipt/"))
        return counts

    one_line = place_and_confirm(catalogue[:1])
    fifty_lines = place_and_confirm(catalogue)

    assert fifty_lines == one_line
    body = order_body(*[(product.pk, 1) for product in catalogue])
    # In-process, the request also runs every subscriber of its events (each in its own transaction, with
    # savepoints); with Celery they run in the workers instead.
    with django_assert_max_num_queries(70):
        as_alice.post("/api/orders/", body, format="json")


@pytest.mark.parametrize("path", ["/api/orders/", "/api/my-orders/", "/api/payments/", "/api/products/"])
def test_lists_cost_the_same_for_1_or_20_orders(as_alice, as_seller, catalogue, path, django_assert_max_num_queries):
    client = as_seller if path == "/api/payments/" else as_alice
    place(as_alice, *[(product.pk, 1) for product in catalogue[:5]])
    one = queries_of(lambda: client.get(path))
    for _ in range(19):
        place(as_alice, *[(product.pk, 1) for product in catalogue[:5]])

    with django_assert_max_num_queries(4):
        twenty = queries_of(lambda: client.get(path))

    assert twenty == one
