"""The number of SQL queries of a request does not grow with the lines of an order or the orders listed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.shop import catch_up_every_group, order_body, place

pytestmark = pytest.mark.django_db(transaction=True)

# Statements per request (the customer's and the seller's), and the workers' statements for the events each
# one records, on PostgreSQL. A change that adds one shows here: lower the budget when you save one.
BUDGET = {
    "place": 9,
    "saga after placing": 92,
    "confirm": 14,
    "saga after confirming": 107,
    "receipt": 8,
    "saga after receipt": 62,
}


def queries_of(request) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code < 300, response.content
    return len(captured)


@pytest.fixture
def catalogue(shop):
    return [shop.product(name=f"상품 {n}", price=1000 + n, stock=1000) for n in range(50)]


@pytest.fixture
def requests_alone(settings):
    """The request's own statements, as in production, where the subscribers run in the workers."""
    settings.EVENT_TRANSPORT = "tests.support.transports.HeldBackTransport"


def catch_up_everything() -> int:
    """Every group applies what it has not: the workers' share of the work. Returns the statements it took."""
    with CaptureQueriesContext(connection) as captured:
        catch_up_every_group()
    return len(captured)


@pytest.mark.postgres
def test_placing_and_confirming_an_order_costs_the_same_for_1_or_50_lines(
    as_alice, as_seller, catalogue, requests_alone
):
    def place_and_confirm(products):
        body = order_body(*[(product.pk, 1) for product in products])
        counts = {"place": queries_of(lambda: as_alice.post("/api/orders/", body, format="json"))}
        counts["saga after placing"] = catch_up_everything()
        order_id = as_alice.get("/api/orders/").json()["results"][0]["id"]
        counts["confirm"] = queries_of(lambda: as_seller.post(f"/api/payments/{order_id}/confirm/"))
        counts["saga after confirming"] = catch_up_everything()
        counts["receipt"] = queries_of(lambda: as_alice.post(f"/api/orders/{order_id}/confirm-receipt/"))
        counts["saga after receipt"] = catch_up_everything()
        return counts

    place_and_confirm(catalogue[:1])  # the first time creates the groups' checkpoints
    one_line = place_and_confirm(catalogue[:1])
    fifty_lines = place_and_confirm(catalogue)

    assert fifty_lines == one_line
    assert one_line == BUDGET


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


@pytest.mark.parametrize("path", ["/api/orders/", "/api/my-orders/"])
def test_the_customers_lists_cost_the_same_for_1_or_1000_orders(as_alice, catalogue, path):
    """1,000 orders of one customer: the first order placed through the API, then 999 copies of its rows
    written in bulk (placing them one by one would only slow the test down)."""
    from orders.models import Order, OrderLine
    from orderview.models import OrderStatusView

    first = place(as_alice, *[(product.pk, 1) for product in catalogue[:5]])["id"]
    one = queries_of(lambda: as_alice.get(path))
    order = Order.objects.get(pk=first)
    lines = list(OrderLine.objects.filter(order=order))
    row = OrderStatusView.objects.get(order_id=first)
    copies = Order.objects.bulk_create([Order(**_fields(order)) for _ in range(999)])
    OrderLine.objects.bulk_create(
        [OrderLine(**_fields(line, "order_id"), order=copy) for copy in copies for line in lines]
    )
    OrderStatusView.objects.bulk_create([OrderStatusView(**_fields(row), order_id=copy.pk) for copy in copies])

    response = as_alice.get(path)
    assert len(response.json()["results"]) == 20 and response.json()["next"]
    assert queries_of(lambda: as_alice.get(path)) == one


def _fields(instance, *without: str) -> dict:
    """A model instance's column values, without its primary key and the columns named."""
    skip = {instance._meta.pk.attname, *without}
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields if f.attname not in skip}
