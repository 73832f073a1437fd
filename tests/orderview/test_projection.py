"""The read model's projection reaches the same row whatever order, and however often, events arrive."""

from datetime import timedelta

from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.actors import system_actor
from deliveries.events import DeliveryStarted
from orders.events import OrderCanceled, OrderClosed, OrderPlaced
from orderview.models import OrderStatusView
from orderview.projection import apply_event
from payments.events import PayCanceled, PayChecked, PayPlaced
from products.events import QtyDecreased

T0 = timezone.now()
SELLER = {"kind": "staff", "user_id": 2, "username": "seller"}
CUSTOMER = {"kind": "customer", "user_id": 5, "username": "alice"}


def at(seconds: int):
    return T0 + timedelta(seconds=seconds)


PLACED = OrderPlaced(
    order_id=1,
    occurred_at=at(0),
    customer_id=5,
    total=64000,
    shipping_address="서울",
    depositor_name="앨리스",
    items=[{"product_id": 9, "product_name": "사과", "unit_price": 32000, "quantity": 2}],
)
DELIVERED_SAGA = [
    PLACED,
    PayPlaced(order_id=1, occurred_at=at(1), amount=64000, bank_account="국민"),
    PayChecked(order_id=1, occurred_at=at(2), amount=64000, actor=SELLER),
    QtyDecreased(order_id=1, occurred_at=at(2), lines=[{"product_id": 9, "quantity": 2}]),
    DeliveryStarted(order_id=1, occurred_at=at(3)),
    OrderClosed(order_id=1, occurred_at=at(4), actor=CUSTOMER),
]
SHORT_STOCK_SAGA = [
    PLACED,
    PayPlaced(order_id=1, occurred_at=at(1), amount=64000, bank_account="국민"),
    PayCanceled(order_id=1, occurred_at=at(2), reason="out_of_stock", actor=system_actor()),
    OrderCanceled(order_id=1, occurred_at=at(3), reason="out_of_stock", actor=system_actor()),
]

COLUMNS = [
    "customer_id",
    "status",
    "items",
    "total",
    "payment_status",
    "delivery_status",
    "cancel_reason",
    "placed_at",
    "updated_at",
]


def project(events) -> dict:
    row = OrderStatusView(order_id=1)
    for event in events:
        apply_event(row, event)
    return {column: getattr(row, column) for column in COLUMNS}


def test_a_delivered_order_in_order():
    assert project(DELIVERED_SAGA) == {
        "customer_id": 5,
        "status": "closed",
        "total": 64000,
        "payment_status": "confirmed",
        "delivery_status": "completed",
        "cancel_reason": None,
        "placed_at": at(0),
        "updated_at": at(4),
        "items": [{"product_id": 9, "product_name": "사과", "quantity": 2}],
    }


def test_delivery_started_before_pay_checked_still_settles_on_the_final_state():
    early = [DELIVERED_SAGA[0], DELIVERED_SAGA[4], DELIVERED_SAGA[2], DELIVERED_SAGA[1]]

    row = project(early)

    assert (row["status"], row["payment_status"], row["delivery_status"]) == ("shipping", "confirmed", "started")


@st.composite
def saga_delivered_anyhow(draw):
    """A saga, and the same events shuffled, with any of them delivered more than once."""
    saga = draw(st.sampled_from([DELIVERED_SAGA, SHORT_STOCK_SAGA]))
    repeats = draw(st.lists(st.sampled_from(saga), max_size=2 * len(saga)))
    return saga, draw(st.permutations(saga + repeats))


@settings(max_examples=200, deadline=None)
@given(saga_delivered_anyhow())
def test_any_interleaving_with_duplicates_gives_the_in_order_row(case):
    saga, delivered = case

    assert project(delivered) == project(saga)
