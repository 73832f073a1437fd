import dataclasses

import pytest

from eventbus import codec
from eventbus.events import DomainEvent
from orders.events import OrderPlaced
from payments.events import PayCanceled


def test_an_event_survives_the_trip_through_json():
    event = OrderPlaced(
        order_id=7,
        customer_id=3,
        items=[{"product_id": 1, "product_name": "사과", "unit_price": 100, "quantity": 2}],
        total=200,
        shipping_address="서울",
        depositor_name="앨리스",
    )

    assert codec.decode(codec.encode(event)) == event


def test_every_event_has_its_own_id_and_time_and_cannot_be_changed():
    def canceled():
        return PayCanceled(order_id=1, reason="customer", actor={"kind": "customer", "user_id": 1, "username": "a"})

    first, second = canceled(), canceled()

    assert first.event_id != second.event_id
    assert first.occurred_at <= second.occurred_at
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.reason = "other"


def test_the_event_type_names_are_those_of_the_spec():
    import deliveries.events  # noqa: F401
    import products.events  # noqa: F401

    assert set(DomainEvent.types) == {
        "OrderPlaced",
        "OrderCanceled",
        "OrderClosed",
        "PayPlaced",
        "PayChecked",
        "PayCanceled",
        "QtyDecreased",
        "DeliveryStarted",
        "RefundDue",
        "RefundPaid",
    }


def test_an_event_recorded_with_a_field_since_retired_still_decodes():
    recorded = {
        "type": "PayPlaced",
        "event_id": "7d1f0c1e-0000-4000-8000-000000000004",
        "order_id": 7,
        "occurred_at": "2026-11-01T00:00:00+00:00",
        "payload": {"amount": 1000, "bank_account": "국민", "depositor_name": "앨리스"},
    }

    event = codec.decode(recorded)

    assert (event.amount, event.bank_account) == (1000, "국민")
    assert "depositor_name" not in event.payload(), "no longer carried"
