"""The products context's door for synchronous callers (orders and payments). Plain data only."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from products import selectors, services
from products.services import OutOfStock

__all__ = ["OutOfStock", "ProductInfo", "products_by_ids", "stock_decrease_for_order"]


@dataclasses.dataclass(frozen=True)
class ProductInfo:
    id: int
    name: str
    price: int
    stock: int
    active: bool


def products_by_ids(ids: Iterable[int]) -> dict[int, ProductInfo]:
    """The current name, price, stock and availability of each known product among `ids`."""
    return {
        pk: ProductInfo(id=p.pk, name=p.name, price=p.price, stock=p.stock, active=p.active)
        for pk, p in selectors.products_by_ids(ids).items()
    }


def stock_decrease_for_order(*, order_id: int, lines: Iterable[tuple[int, int]]) -> bool:
    """Takes stock for every (product_id, quantity) line or for none; raises OutOfStock when short.

    Runs inside the caller's transaction. Calling it again for the same order takes nothing (False).
    """
    return services.stock_decrease_for_order(order_id=order_id, lines=lines)
