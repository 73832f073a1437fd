"""An order that sits in a step the saga leaves by itself is reported: by saga_doctor, in /readyz's body and in
the seller's order list; the same command says which group of subscribers lags, and why."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from orders.models import Order
from tests.support.shop import catch_up_every_group, place, run

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stuck_order(shop, as_alice, settings):
    """Placed ten minutes ago, and its payment never opened (the payments group was not woken)."""
    settings.EVENT_TRANSPORT = "tests.support.transports.HeldBackTransport"
    order = place(as_alice, (shop.product(stock=5).pk, 1))
    Order.objects.filter(pk=order["id"]).update(updated_at=timezone.now() - timedelta(minutes=10))
    return order


def test_saga_doctor_names_the_stuck_order_and_the_group_behind(stuck_order):
    out = StringIO()
    with pytest.raises(CommandError, match="1 orders stuck"):
        call_command("saga_doctor", stdout=out)

    assert f"order {stuck_order['id']}: placed for 10 min" in out.getvalue()
    assert "group payments: 1 events behind" in out.getvalue()
    catch_up_every_group()
    assert "0 orders stuck" in run("saga_doctor")


def test_a_recent_order_on_its_way_is_not_stuck(shop, as_alice, settings):
    settings.EVENT_TRANSPORT = "tests.support.transports.HeldBackTransport"
    place(as_alice, (shop.product(stock=5).pk, 1))

    assert "0 orders stuck" in run("saga_doctor")


def test_readyz_and_the_sellers_order_list_count_them(stuck_order, client, admin_client_as_seller):
    body = client.get("/readyz").json()
    page = admin_client_as_seller.get("/admin/orders/order/").content.decode()

    assert body["status"] == "ok" and body["stuck_orders"] == 1
    assert "saga_doctor" in page
