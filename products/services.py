"""Every write to the catalogue and to stock."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eventbus.bus import publish
from products.events import QtyDecreased
from products.models import Product, StockMovement
from shop.errors import InvalidInput
from shop.rows import update_rows


@transaction.atomic
def product_create(*, name: str, price: int, stock: int, active: bool = True) -> Product:
    product = Product(name=name, price=price, stock=stock, active=active)
    product.full_clean()
    product.save()
    return product


_EDITABLE = frozenset({"name", "price", "stock", "active"})


@transaction.atomic
def product_update(*, product_id: int, changed_by=None, **changes: object) -> Product:
    """Sets the given fields, and only those, under the row's lock, so a concurrent stock decrease is never
    overwritten by a stale copy of the row. A new `stock` is a level (the staff API's meaning): the change
    from the level it replaces is recorded as a movement, so the stock stays the sum of its history."""
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise TypeError(f"product_update cannot change {', '.join(sorted(unknown))}")
    product = Product.objects.select_for_update().get(pk=product_id)
    before = product.stock
    for field, value in changes.items():
        setattr(product, field, value)
    product.full_clean()
    product.save(update_fields=[*changes, "updated_at"])
    if product.stock != before:
        StockMovement.objects.create(
            product=product,
            quantity=product.stock - before,
            reason=_("stock set to %(stock)s") % {"stock": product.stock},
            created_by=changed_by,
        )
    return product


@transaction.atomic
def stock_adjust(*, product_id: int, change: int, reason: str, adjusted_by=None) -> Product:
    """Adds `change` (negative: takes it away) to the stock as it is now, under the row's lock: goods received,
    damaged, found at a count. Never a blind new level, so a deposit confirmed meanwhile is never undone."""
    product = Product.objects.select_for_update().get(pk=product_id)
    if product.stock + change < 0:
        raise InvalidInput({"stock_change": [_("Only %(stock)s left in stock.") % {"stock": product.stock}]})
    product.stock += change
    product.save(update_fields=["stock", "updated_at"])
    StockMovement.objects.create(product=product, quantity=change, reason=reason, created_by=adjusted_by)
    return product


class _NothingTaken(Exception):
    def __init__(self, short: dict[int, int]) -> None:
        super().__init__()
        self.short = short


def stock_decrease_for_orders(orders: Sequence[tuple[int, Iterable[tuple[int, int]]]]) -> dict[int, int]:
    """Takes each order's (product_id, quantity) lines from stock, all of them or none, order after order as
    given; returns {order_id: a product that was short} for the orders that got nothing.

    The products of every order are locked at once, in primary-key order, so concurrent confirmations never
    oversell and never deadlock; the CHECK constraint backs this up. The number of statements grows neither
    with the orders nor with their lines. The movements' unique key makes a replay for an order take nothing
    again: an order whose stock was taken before counts as taken.

    Inside the caller's transaction this is a savepoint, rolled back when nothing at all was taken: that
    releases the products' locks at once, so a confirmation that found the stock short does not hold everybody
    else's back while it cancels its payment and records the refund.
    """
    try:
        with transaction.atomic():
            return _take(orders)
    except _NothingTaken as nothing:
        return nothing.short


def _take(orders: Sequence[tuple[int, Iterable[tuple[int, int]]]]) -> dict[int, int]:
    taken_before = set(
        StockMovement.objects.filter(order_id__in=[order_id for order_id, _lines in orders]).values_list(
            "order_id", flat=True
        )
    )
    wanted_by_order: list[tuple[int, list[tuple[int, int]]]] = []
    for order_id, lines in orders:
        if order_id in taken_before:
            continue
        wanted: dict[int, int] = {}
        for product_id, quantity in lines:
            wanted[product_id] = wanted.get(product_id, 0) + quantity
        wanted_by_order.append((order_id, sorted(wanted.items())))
    product_ids = {product_id for _order_id, wanted in wanted_by_order for product_id, _quantity in wanted}
    if not product_ids:
        return {}
    locked = {p.pk: p for p in Product.objects.select_for_update().filter(pk__in=product_ids).order_by("pk")}
    short: dict[int, int] = {}
    taken: list[tuple[int, list[tuple[int, int]]]] = []
    for order_id, wanted in wanted_by_order:
        missing = next((pid for pid, qty in wanted if pid not in locked or locked[pid].stock < qty), None)
        if missing is not None:
            short[order_id] = missing
            continue
        for product_id, quantity in wanted:
            locked[product_id].stock -= quantity
        taken.append((order_id, wanted))
    if not taken:
        raise _NothingTaken(short)
    now = timezone.now()
    changed = [locked[pid] for pid in sorted({pid for _order_id, wanted in taken for pid, _qty in wanted})]
    for product in changed:
        product.updated_at = now
    update_rows(changed, ["stock", "updated_at"])
    StockMovement.objects.bulk_create(
        StockMovement(order_id=order_id, product_id=product_id, quantity=-quantity)
        for order_id, wanted in taken
        for product_id, quantity in wanted
    )
    publish(
        *(
            QtyDecreased(order_id=order_id, lines=[{"product_id": pid, "quantity": qty} for pid, qty in wanted])
            for order_id, wanted in taken
        )
    )
    return short
