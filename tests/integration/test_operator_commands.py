"""The operators' manage.py commands: seed_demo, confirm_deposit, rebuild_orderview, relay_events."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import F

from deliveries.models import Delivery
from orderview.models import OrderStatusView
from payments.models import Payment
from products.models import Product
from shop.api.models import IdempotencyRecord
from shop.eventbus.management.commands.relay_events import run_housekeeping
from shop.eventbus.models import ProcessedEvent, StoredEvent
from tests.conftest import order_body, place

pytestmark = pytest.mark.django_db(transaction=True)


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_seed_demo_is_safe_to_run_twice():
    run("seed_demo")
    products, users = Product.objects.count(), get_user_model().objects.count()
    Product.objects.filter(name="제주 감귤 3kg").update(stock=3)

    run("seed_demo")

    assert products >= 5 and users == 3
    assert (Product.objects.count(), get_user_model().objects.count()) == (products, users)
    assert Product.objects.get(name="제주 감귤 3kg").stock == 3, "what exists is kept"
    assert get_user_model().objects.get(username="seller").is_staff


def test_confirm_deposit_confirms_each_order_and_reports_each(shop, as_alice):
    apples = shop.product(stock=3)
    first = place(as_alice, (apples.pk, 2))
    second = place(as_alice, (apples.pk, 2))

    with pytest.raises(CommandError, match="1 of 2"):
        run("confirm_deposit", str(first["id"]), str(second["id"]))

    assert Payment.objects.get(order_id=first["id"]).status == "confirmed"
    second_payment = Payment.objects.get(order_id=second["id"])
    assert (second_payment.status, second_payment.cancel_reason) == ("canceled", "out_of_stock")
    assert Product.objects.get(pk=apples.pk).stock == 1


def test_confirm_deposit_says_why_an_order_was_not_confirmed(shop, as_alice):
    apples = shop.product(stock=3)
    order = place(as_alice, (apples.pk, 1))
    run("confirm_deposit", str(order["id"]))
    out = StringIO()

    with pytest.raises(CommandError, match="2 of 2"):
        call_command("confirm_deposit", str(order["id"]), "424242", stdout=out)

    report = out.getvalue().splitlines()
    assert len(report) == 2
    assert str(order["id"]) in report[0] and "424242" in report[1]
    assert Product.objects.get(pk=apples.pk).stock == 2


def live_rows() -> list[dict]:
    return list(OrderStatusView.objects.order_by("order_id").values())


def test_rebuild_orderview_reproduces_the_live_read_model_exactly(shop, as_alice, as_bob, as_seller):
    apples = shop.product(stock=4)
    closed = place(as_alice, (apples.pk, 2))
    place(as_bob, (apples.pk, 1))
    canceled = place(as_alice, (apples.pk, 1))
    short = place(as_bob, (apples.pk, 3))
    as_seller.post(f"/api/payments/{closed['id']}/confirm/")
    as_alice.post(f"/api/orders/{canceled['id']}/cancel/")
    as_seller.post(f"/api/payments/{short['id']}/confirm/")
    as_alice.post(f"/api/orders/{closed['id']}/confirm-receipt/")
    live = live_rows()
    assert {row["status"] for row in live} == {"closed", "awaiting_deposit", "canceled"}

    OrderStatusView.objects.all().delete()
    out = run("rebuild_orderview")

    assert "4" in out
    assert live_rows() == live


def test_relay_events_delivers_what_the_broker_never_got(shop, as_alice, settings):
    apples = shop.product(stock=4)
    settings.EVENT_TRANSPORT = "tests.transports.HeldBackTransport"
    order = place(as_alice, (apples.pk, 1))
    assert StoredEvent.objects.filter(dispatched_at__isnull=True).count() == 1
    assert not Payment.objects.exists()

    settings.EVENT_TRANSPORT = "shop.eventbus.transports.InProcessTransport"
    out = run("relay_events", "--once", "--dispatch-after", "0")

    assert "1 dispatched" in out
    assert Payment.objects.get(order_id=order["id"]).status == "pending"
    assert not StoredEvent.objects.filter(completed_at__isnull=True).exists()
    assert OrderStatusView.objects.get(order_id=order["id"]).status == "awaiting_deposit"


def test_the_relay_sends_again_what_a_subscription_never_processed(shop, as_alice, settings):
    """The broker accepted the event and then lost it (a Redis restart without persistence)."""
    apples = shop.product(stock=4)
    order = place(as_alice, (apples.pk, 1))
    lost = StoredEvent.objects.get(order_id=order["id"], event_type="OrderPlaced")
    ProcessedEvent.objects.filter(event_id=lost.event_id, subscription__startswith="deliveries.").delete()
    Delivery.objects.filter(order_id=order["id"]).delete()
    StoredEvent.objects.filter(pk=lost.pk).update(completed_at=None)

    out = run("relay_events", "--once", "--redeliver-after", "0")

    assert "1 redelivered" in out
    assert Delivery.objects.get(order_id=order["id"]).shipping_address
    assert not StoredEvent.objects.filter(completed_at__isnull=True).exists()


def test_expired_idempotency_keys_are_forgotten_by_the_relays_housekeeping(shop, as_alice, as_bob, settings):
    apples = shop.product(stock=10)
    for client, key in ((as_alice, "old"), (as_alice, "new"), (as_bob, "old")):
        client.post("/api/orders/", order_body((apples.pk, 1)), format="json", HTTP_IDEMPOTENCY_KEY=key)
    IdempotencyRecord.objects.filter(key="old").update(created_at=F("created_at") - timedelta(hours=24, minutes=1))
    settings.RELAY_HOUSEKEEPING_COMMANDS = ["no_such_command", "forget_expired_keys"]  # one failing stops nothing

    run_housekeeping()

    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]
    output = StringIO()
    call_command("forget_expired_keys", stdout=output)
    assert output.getvalue() == "0 expired Idempotency-Key(s) forgotten\n"
