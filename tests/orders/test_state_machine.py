"""An order's state machine refuses every step that is not on its path, and nobody can set its state by hand."""

import pytest
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from orders.lifecycle import OrderStatus
from orders.models import Order


def order_in(status: str) -> Order:
    return Order(status=status)


def test_an_order_status_cannot_be_assigned_directly():
    order = Order()

    with pytest.raises(AttributeError):
        order.status = OrderStatus.CLOSED


@pytest.mark.parametrize(
    "status",
    [
        OrderStatus.DEPOSIT_CONFIRMED,
        OrderStatus.PREPARING,
        OrderStatus.SHIPPING,
        OrderStatus.CLOSED,
        OrderStatus.CANCELED,
    ],
)
def test_an_order_cannot_be_canceled_once_the_deposit_is_confirmed(status):
    with pytest.raises(TransitionNotAllowed):
        order_in(status).cancel(reason="customer", by_id=None, at=timezone.now())


@pytest.mark.parametrize("status", [s for s in OrderStatus if s != OrderStatus.SHIPPING])
def test_receipt_can_be_confirmed_only_while_shipping(status):
    with pytest.raises(TransitionNotAllowed):
        order_in(status).close(at=timezone.now())


def test_a_canceled_order_never_moves_again():
    order = order_in(OrderStatus.CANCELED)

    for step in (order.mark_awaiting_deposit, order.mark_deposit_confirmed, order.mark_preparing, order.mark_shipping):
        with pytest.raises(TransitionNotAllowed):
            step()


def test_an_order_never_goes_back_a_step():
    with pytest.raises(TransitionNotAllowed):
        order_in(OrderStatus.SHIPPING).mark_awaiting_deposit()
    with pytest.raises(TransitionNotAllowed):
        order_in(OrderStatus.PREPARING).mark_deposit_confirmed()


def test_an_order_may_skip_steps_whose_events_are_late():
    order = order_in(OrderStatus.PLACED)

    order.mark_shipping()

    assert order.status == OrderStatus.SHIPPING
