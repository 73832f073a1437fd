"""The products context's door for synchronous callers (orders and payments). Plain data only."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from products import selectors, services

__all__ = ["ProductInfo", "products_by_ids", "stock_decrease_for_orders"]


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


def stock_decrease_for_orders(orders: Sequence[tuple[int, Iterable[tuple[int, int]]]]) -> dict[int, int]:
    """Takes each order's (product_id, quantity) lines from stock, all or none, in the order given; returns
    {order_id: a product that was short} for the orders that got nothing (services.stock_decrease_for_orders).

    Runs inside the caller's transaction. An order whose stock was taken before takes nothing again.
    """
    return services.stock_decrease_for_orders(orders)
