"""Every write to the catalogue and to stock."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from products.events import QtyDecreased
from products.models import Product, StockMovement
from shop.errors import Conflict
from shop.eventbus.bus import publish


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
def product_update(*, product_id: int, **changes: object) -> Product:
    """Sets the given fields, and only those, so a concurrent stock decrease is never overwritten by a
    stale copy of the row (only an explicit new `stock` replaces the current one)."""
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise TypeError(f"product_update cannot change {', '.join(sorted(unknown))}")
    product = Product.objects.select_for_update().get(pk=product_id)
    for field, value in changes.items():
        setattr(product, field, value)
    product.full_clean()
    product.save(update_fields=[*changes, "updated_at"])
    return product


@transaction.atomic
def stock_decrease_for_order(*, order_id: int, lines: Iterable[tuple[int, int]]) -> bool:
    """Takes every line's quantity from stock, or none of them (raises OutOfStock).

    Each line is a conditional UPDATE (`stock >= quantity`), so concurrent confirmations can never oversell,
    and rows are touched in primary-key order, so two multi-line orders never deadlock. The movements'
    unique key makes a replay for the same order take nothing: returns False then.
    """
    if StockMovement.objects.filter(order_id=order_id).exists():
        return False
    merged: dict[int, int] = {}
    for product_id, quantity in lines:
        merged[product_id] = merged.get(product_id, 0) + quantity
    lines_in_pk_order = sorted(merged.items())
    for product_id, quantity in lines_in_pk_order:
        taken = Product.objects.filter(pk=product_id, stock__gte=quantity).update(
            stock=F("stock") - quantity, updated_at=timezone.now()
        )
        if not taken:
            raise OutOfStock(product_id)  # the atomic block gives back what earlier lines took
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
