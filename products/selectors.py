from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from products.models import Product


def product_list(*, include_inactive: bool) -> QuerySet[Product]:
    products = Product.objects.all()
    return products if include_inactive else products.filter(active=True)


def products_by_ids(ids: Iterable[int]) -> dict[int, Product]:
    return Product.objects.in_bulk(list(ids))
