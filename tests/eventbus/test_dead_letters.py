"""Dead letters: an event a subscription keeps failing on is parked, shown to the seller, and retried."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from eventbus import codec
from eventbus.dead_letters import dead_letter_park
from eventbus.models import DeadLetter, StoredEvent
from payments.models import Payment
from tests.support.shop import place

pytestmark = pytest.mark.django_db(transaction=True)

OPEN_PAYMENT = "payments.handlers.create_payment_when_order_placed:OrderPlaced"


@pytest.fixture
def parked(shop, as_alice, settings):
    """An order whose OrderPlaced the payments subscription gave up on (its handler was failing then)."""
    settings.EVENT_TRANSPORT = "tests.support.transports.HeldBackTransport"
    order = place(as_alice, (shop.product(stock=5).pk, 1))
    stored = StoredEvent.objects.get(order_id=order["id"], event_type="OrderPlaced")
    letter = dead_letter_park(
        subscription_name=OPEN_PAYMENT,
        message=codec.encode(codec.from_outbox(stored)),
        error=TimeoutError("lock timeout"),
        attempts=5,
    )
    settings.EVENT_TRANSPORT = "eventbus.transports.InProcessTransport"
    return order, letter


def test_retrying_a_dead_letter_delivers_it_once_the_cause_is_gone(parked):
    order, letter = parked
    out = StringIO()

    call_command("retry_dead_letters", str(letter.pk), stdout=out)

    assert Payment.objects.get(order_id=order["id"]).status == "pending"
    assert DeadLetter.objects.get(pk=letter.pk).resolved_at is not None
    assert "delivered" in out.getvalue()
    call_command("retry_dead_letters", "--all", stdout=StringIO())  # nothing left to retry
    assert Payment.objects.count() == 1


def test_a_dead_letter_that_fails_again_stays_parked_with_the_new_error(shop, as_alice):
    order = place(as_alice, (shop.product(stock=5).pk, 1))
    poisoned = codec.encode(codec.from_outbox(StoredEvent.objects.get(order_id=order["id"], event_type="OrderPlaced")))
    poisoned.update(event_id="5f0c8d0e-0000-4000-8000-000000000001", order_id=order["id"] + 1000)
    poisoned["payload"]["total"] = None  # a payment without an amount cannot be stored
    letter = dead_letter_park(subscription_name=OPEN_PAYMENT, message=poisoned, error=ValueError("x"), attempts=5)

    with pytest.raises(CommandError, match="1 of 1"):
        call_command("retry_dead_letters", "--all", stdout=StringIO())

    letter.refresh_from_db()
    assert (letter.resolved_at, letter.attempts) == (None, 6)
    assert "IntegrityError" in letter.error


def test_an_operator_sees_dead_letters_and_retries_them_in_the_admin(parked, django_user_model):
    order, letter = parked
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("operator", password="a-long-test-passphrase"))

    assert client.get("/admin/eventbus/deadletter/").status_code == 200
    assert client.get(f"/admin/eventbus/deadletter/{letter.pk}/change/").status_code == 200
    response = client.post(
        "/admin/eventbus/deadletter/", {"action": "retry", "_selected_action": [letter.pk]}, follow=True
    )

    assert "delivered" in " ".join(str(m) for m in response.context["messages"])
    assert Payment.objects.filter(order_id=order["id"]).exists()


def test_retry_dead_letters_needs_ids_or_all():
    with pytest.raises(CommandError):
        call_command("retry_dead_letters", stdout=StringIO())
    with pytest.raises(CommandError, match="no dead letter 4242"):
        call_command("retry_dead_letters", "4242", stdout=StringIO())
