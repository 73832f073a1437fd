"""Every write to orders: placing, the customer's cancel and receipt, and the steps other contexts report."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import can_proceed

from audit.actors import actor, system_actor
from eventbus.bus import publish
from orders.events import OrderCanceled, OrderClosed, OrderPlaced
from orders.models import Order, OrderLine
from payments import public as payments
from payments.events import CancelReason
from products import public as products
from shop.breakers import ORDER_PLACEMENT, guarded
from shop.errors import Conflict, InvalidInput, NotFound
from shop.personal_data import FORGOTTEN

logger = logging.getLogger(__name__)

# What the customer is told when a cancel or a receipt is refused: one message per refusal code.
REFUSALS = {
    "already_canceled": gettext_lazy("The order is already canceled."),
    "deposit_confirmed": gettext_lazy("The deposit is already confirmed; the order can no longer be canceled."),
    "already_closed": gettext_lazy("Receipt is already confirmed."),
    "delivery_not_started": gettext_lazy("The delivery has not started yet."),
}


def _refused(code: str) -> Conflict:
    return Conflict(str(REFUSALS[code]), code=code)


@dataclasses.dataclass(frozen=True)
class OrderItem:
    product_id: int
    quantity: int


def order_place(*, customer, items: Sequence[OrderItem], shipping_address: str, depositor_name: str = "") -> Order:
    """Places an order at the catalogue's current prices. Stock is checked but not reserved: it is taken
    when the seller confirms the deposit. Guarded by a circuit breaker: while the database keeps failing,
    this refuses at once with ServiceUnavailable instead of waiting on it."""
    return guarded(
        ORDER_PLACEMENT,
        _order_place,
        customer=customer,
        items=items,
        shipping_address=shipping_address,
        depositor_name=depositor_name,
    )


@transaction.atomic
def _order_place(*, customer, items: Sequence[OrderItem], shipping_address: str, depositor_name: str) -> Order:
    catalogue = products.products_by_ids(item.product_id for item in items)
    # Per line, in the shape the API's own validation uses: {"items": {"<index>": {"<field>": [...]}}}.
    line_errors: dict[str, dict[str, list[str]]] = {}
    for index, item in enumerate(items):
        product = catalogue.get(item.product_id)
        if product is None or not product.active:
            line_errors[str(index)] = {"product_id": [_("Product %(id)s is not for sale.") % {"id": item.product_id}]}
        elif item.quantity > product.stock:
            line_errors[str(index)] = {"quantity": [_("Only %(stock)s left in stock.") % {"stock": product.stock}]}
    if line_errors:
        raise InvalidInput({"items": line_errors})

    now = timezone.now()
    lines = [
        OrderLine(
            product_id=item.product_id,
            product_name=catalogue[item.product_id].name,
            unit_price=catalogue[item.product_id].price,
            quantity=item.quantity,
        )
        for item in items
    ]
    if not depositor_name:  # the username, cut to fit: a username may be 150 characters, a bank's name field is short
        depositor_name = customer.get_username()[: Order._meta.get_field("depositor_name").max_length]
    order = Order.objects.create(
        customer=customer,
        shipping_address=shipping_address,
        depositor_name=depositor_name,
        bank_account=settings.BANK_ACCOUNT,
        total=sum(line.line_total for line in lines),
        created_at=now,
        deposit_due_at=now + settings.DEPOSIT_DEADLINE,
    )
    for line in lines:
        line.order = order
    OrderLine.objects.bulk_create(lines)
    publish(
        OrderPlaced(
            order_id=order.pk,
            occurred_at=now,
            customer_id=customer.pk,
            items=[
                {
                    "product_id": line.product_id,
                    "product_name": line.product_name,
                    "unit_price": line.unit_price,
                    "quantity": line.quantity,
                }
                for line in lines
            ],
            total=order.total,
            shipping_address=order.shipping_address,
            depositor_name=order.depositor_name,
            deposit_due_at=order.deposit_due_at.isoformat(),
        )
    )
    return order


def _lock_customer_order(*, order_id: int, customer) -> Order:
    order = Order.objects.select_for_update().filter(pk=order_id, customer=customer).first()
    if order is None:
        raise NotFound(_("No such order."))
    return order


@transaction.atomic
def order_cancel(*, order_id: int, customer) -> Order:
    """The customer changes their mind. Allowed only until the deposit is confirmed: the payment row's lock
    decides between this and a confirmation arriving at the same moment."""
    order = _lock_customer_order(order_id=order_id, customer=customer)
    if order.status == Order.Status.CANCELED:
        raise _refused("already_canceled")
    if not can_proceed(order.cancel):
        raise _refused("deposit_confirmed")
    who = actor(customer)
    try:
        payments.payment_cancel_for_order(
            order_id=order.pk,
            reason=CancelReason.CUSTOMER,
            canceled_by=who,
            amount=order.total,
            depositor_name=order.depositor_name,
        )
    except payments.PaymentNotPending as refused:  # the payment was confirmed or canceled meanwhile
        raise _refused(refused.code) from refused
    now = timezone.now()
    order.cancel(reason=CancelReason.CUSTOMER, by_id=customer.pk, at=now)
    order.save()
    publish(OrderCanceled(order_id=order.pk, reason=CancelReason.CUSTOMER, actor=who, occurred_at=now))
    return order


@transaction.atomic
def order_confirm_receipt(*, order_id: int, customer) -> Order:
    order = _lock_customer_order(order_id=order_id, customer=customer)
    if order.status == Order.Status.CLOSED:
        raise _refused("already_closed")
    if not can_proceed(order.close):
        raise _refused("delivery_not_started")
    now = timezone.now()
    order.close(at=now)
    order.save()
    publish(OrderClosed(order_id=order.pk, actor=actor(customer), occurred_at=now))
    return order


@transaction.atomic
def order_record_step(*, order_id: int, step: str) -> Order | None:
    """Moves the order forward to `step`, reported by another context. A step the order has already
    passed changes nothing, so late and repeated reports are harmless."""
    return orders_record_steps([(order_id, step)]).get(order_id)


@transaction.atomic
def orders_record_steps(reports: Sequence[tuple[int, str]]) -> dict[int, Order]:
    """order_record_step for a page of reports at once, in their order: one locking read of the orders and
    one update of those that moved, whatever the number of reports. Returns the orders found, by id."""
    ids = sorted({order_id for order_id, _step in reports})
    orders = {order.pk: order for order in Order.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    moved: dict[int, Order] = {}
    now = timezone.now()
    for order_id, step in reports:
        order = orders.get(order_id)
        if order is None:
            logger.error("order %s reported at %s does not exist", order_id, step)
        elif order.has_reached(step):
            continue
        elif order.status == Order.Status.CANCELED:
            logger.info("canceled order %s reported at %s; left canceled", order_id, step)
        else:
            order.advance_to(step)
            order.updated_at = now
            moved[order_id] = order
    if moved:
        Order.objects.bulk_update(moved.values(), ["status", "updated_at"])
    return orders


@transaction.atomic
def order_cancel_after_payment_canceled(*, order_id: int, reason: str) -> Order | None:
    """Compensation: a payment canceled by the system (short stock) cancels its order too."""
    order = Order.objects.select_for_update().filter(pk=order_id).first()
    if order is None:
        logger.error("payment canceled for order %s, which does not exist", order_id)
        return None
    if order.status == Order.Status.CANCELED:
        return order  # the customer's own cancel, or a replay
    if not can_proceed(order.cancel):
        logger.error("payment of order %s canceled while the order is %s; left as it is", order_id, order.status)
        return order
    now = timezone.now()
    order.cancel(reason=reason, by_id=None, at=now)
    order.save()
    publish(OrderCanceled(order_id=order.pk, reason=reason, actor=system_actor(), occurred_at=now))
    return order


@transaction.atomic
def orders_forget_customer(*, customer_id: int) -> list[int]:
    """Replaces the shipping address and the depositor's name on every order of the customer; the orders,
    their lines and totals stay, as the law on commercial records requires. Returns the orders' ids."""
    orders = Order.objects.select_for_update().filter(customer_id=customer_id).order_by("pk")
    order_ids = list(orders.values_list("pk", flat=True))
    Order.objects.filter(pk__in=order_ids).update(shipping_address=FORGOTTEN, depositor_name=FORGOTTEN)
    return order_ids


@transaction.atomic
def order_set_refund_account(*, order_id: int, customer, bank: str, account_number: str, holder: str) -> dict:
    """The customer gives the account to refund the order's money to. Only the order's own customer (anyone
    else: NotFound), and only while a refund of it is due (payments: RefundNotDue, a Conflict)."""
    _lock_customer_order(order_id=order_id, customer=customer)
    return payments.refund_set_account(order_id=order_id, bank=bank, account_number=account_number, holder=holder)
