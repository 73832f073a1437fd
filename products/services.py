"""Every write to the catalogue and to stock."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eventbus.bus import publish
from products.events import QtyDecreased
from products.models import Product, StockMovement
from shop.errors import Conflict, InvalidInput


class OutOfStock(Conflict):
    code = "out_of_stock"

    def __init__(self, product_id: int) -> None:
        super().__init__(f"product {product_id} does not have enough stock")
        self.product_id = product_id


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


@transaction.atomic
def stock_decrease_for_order(*, order_id: int, lines: Iterable[tuple[int, int]]) -> bool:
    """Takes every line's quantity from stock, or none of them (raises OutOfStock).

    The products are locked in primary-key order, so concurrent confirmations never oversell and two
    multi-line orders never deadlock; the CHECK constraint backs this up. The number of queries does not
    grow with the number of lines. The movements' unique key makes a replay for the same order take
    nothing: it returns False then.
    """
    if StockMovement.objects.filter(order_id=order_id).exists():
        return False
    wanted: dict[int, int] = {}
    for product_id, quantity in lines:
        wanted[product_id] = wanted.get(product_id, 0) + quantity
    lines_in_pk_order = sorted(wanted.items())
    locked = {p.pk: p for p in Product.objects.select_for_update().filter(pk__in=wanted).order_by("pk")}
    now = timezone.now()
    for product_id, quantity in lines_in_pk_order:
        product = locked.get(product_id)
        if product is None or product.stock < quantity:
            raise OutOfStock(product_id)
        product.stock -= quantity
        product.updated_at = now
    Product.objects.bulk_update(locked.values(), ["stock", "updated_at"])
    StockMovement.objects.bulk_create(
        StockMovement(order_id=order_id, product_id=product_id, quantity=-quantity)
        for product_id, quantity in lines_in_pk_order
    )
    publish(
        QtyDecreased(
            order_id=order_id,
            lines=[{"product_id": pid, "quantity": qty} for pid, qty in lines_in_pk_order],
        )
    )
    return True
