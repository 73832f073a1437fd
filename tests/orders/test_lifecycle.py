"""The orders context and the read model read an order's life off one table (orders/lifecycle.py), and agree:
after every event that reaches a step, the order and its row in the read model show the same status."""

import pytest
from django_fsm import can_proceed

from deliveries.models import Delivery
from eventbus import codec
from eventbus.models import StoredEvent
from eventbus.subscriptions import subscriptions_for
from orders import lifecycle
from orders.events import OrderCanceled, OrderClosed, OrderPlaced
from orders.lifecycle import OrderStatus
from orders.models import Order
from orderview.models import OrderStatusView
from payments.events import PayCanceled
from payments.models import Payment
from products.models import Product
from tests.support.shop import place

ORDERS_PUBLISH = {OrderPlaced, OrderClosed, OrderCanceled}


def test_every_event_of_the_lifecycle_is_published_or_handled_by_the_orders_context():
    handled = {event for event in lifecycle.EVENTS for s in subscriptions_for(event) if s.queue == "orders"}

    assert handled == {step.reached_by for step in lifecycle.STEPS if step.reported} | {PayCanceled}
    # A refund changes nothing of the order's own state: only the read model shows it.
    assert set(lifecycle.EVENTS) == handled | ORDERS_PUBLISH | set(lifecycle.REFUND_STATUS_AFTER)
    assert {step.reached_by for step in lifecycle.STEPS if not step.reported} <= ORDERS_PUBLISH


@pytest.mark.parametrize("step", [step for step in lifecycle.STEPS if step.reported], ids=lambda step: step.status)
def test_the_state_machine_reaches_a_reported_step_from_every_step_before_it_and_from_no_other(step):
    before = [earlier.status for earlier in lifecycle.STEPS[: lifecycle.STEPS.index(step)]]

    for status in OrderStatus:
        order = Order(status=status)
        assert can_proceed(getattr(order, f"mark_{step.status}")) == (status in before), status


class Delivered:
    """Delivers the recorded events one at a time, in the order they happened, to every subscription,
    and after each, reads what it changed on both sides: the order's status, its payment's and delivery's."""

    def __init__(self, order_id: int) -> None:
        self.order_id = order_id
        self.seen: set[int] = set()
        # (event, the owner's status, the read model's), after each event that changes the column
        self.statuses: list[tuple[str, str, str]] = []
        self.payments: list[tuple[str, str, str]] = []
        self.deliveries: list[tuple[str, str, str]] = []

    def all(self) -> None:
        while row := StoredEvent.objects.exclude(pk__in=self.seen).order_by("occurred_at", "id").first():
            self.seen.add(row.pk)
            event = codec.from_outbox(row)
            for subscription in subscriptions_for(type(event)):
                subscription.apply([event])
            row = OrderStatusView.objects.get(order_id=self.order_id)
            if lifecycle.status_reached_by(type(event)) is not None:
                self.statuses.append((event.type_name(), Order.objects.get(pk=self.order_id).status, row.status))
            if type(event) in lifecycle.PAYMENT_STATUS_AFTER:
                payment = Payment.objects.get(order_id=self.order_id).status
                self.payments.append((event.type_name(), payment, row.payment_status))
            if type(event) in lifecycle.DELIVERY_STATUS_AFTER:
                delivery = Delivery.objects.get(order_id=self.order_id).status
                self.deliveries.append((event.type_name(), delivery, row.delivery_status))


@pytest.fixture
def held_back(settings):
    settings.EVENT_TRANSPORT = "tests.support.transports.HeldBackTransport"


@pytest.mark.django_db(transaction=True)
def test_both_sides_agree_after_every_event_of_a_delivered_order(shop, as_alice, as_seller, apples, held_back):
    order = place(as_alice, (apples.pk, 1))
    delivered = Delivered(order["id"])
    delivered.all()
    as_seller.post(f"/api/payments/{order['id']}/confirm/")
    delivered.all()
    as_alice.post(f"/api/orders/{order['id']}/confirm-receipt/")
    delivered.all()

    assert delivered.statuses == [
        (step.reached_by.type_name(), step.status, step.status) for step in lifecycle.STEPS
    ], "every step, in order, the same on both sides"
    assert delivered.payments == [("PayPlaced", "pending", "pending"), ("PayChecked", "confirmed", "confirmed")]
    assert delivered.deliveries == [
        ("DeliveryStarted", "started", "started"),
        ("OrderClosed", "completed", "completed"),
    ]


@pytest.mark.django_db(transaction=True)
def test_both_sides_agree_after_every_event_of_a_canceled_order(shop, as_alice, as_seller, apples, held_back):
    by_customer, short = place(as_alice, (apples.pk, 1)), place(as_alice, (apples.pk, 2))
    delivered = [Delivered(by_customer["id"]), Delivered(short["id"])]
    delivered[0].all()
    as_alice.post(f"/api/orders/{by_customer['id']}/cancel/")
    delivered[0].all()
    Product.objects.filter(pk=apples.pk).update(stock=1)
    delivered[1].seen = set(delivered[0].seen)
    as_seller.post(f"/api/payments/{short['id']}/confirm/")  # compensation: PayCanceled, then OrderCanceled
    delivered[1].all()

    assert delivered[0].statuses[-1] == ("OrderCanceled", "canceled", "canceled")
    assert delivered[1].statuses[-1] == ("OrderCanceled", "canceled", "canceled")
    for each in delivered:
        assert all(order == read_model for _, order, read_model in each.statuses), each.statuses
        assert each.payments[-1] == ("PayCanceled", "canceled", "canceled")
        assert each.deliveries == [], "a canceled order's delivery never started: null in the read model"
