"""Every write to the catalogue and to stock."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from eventbus.bus import publish
from products.events import QtyDecreased
from products.models import Product, StockMovement
from shop.errors import Conflict


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
