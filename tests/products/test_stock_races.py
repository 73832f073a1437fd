"""A new stock level set through the staff API while deposits are confirmed: on PostgreSQL, at the same
moment, each under the product row's lock. Nothing is lost in between: the stock is always its history's sum."""

import pytest
from django.db.models import Sum

from products.models import Product, StockMovement
from tests.support.shop import all_at_once, place

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_new_stock_levels_and_confirmations_at_the_same_moment_lose_nothing(shop, as_alice, seller):
    apples = shop.product(stock=100)
    orders = [place(as_alice, (apples.pk, 2))["id"] for _ in range(10)]

    def confirm(order_id):
        return lambda: shop.client_for(seller).post(f"/api/payments/{order_id}/confirm/").status_code

    def set_level(level):
        return lambda: (
            shop.client_for(seller).patch(f"/api/products/{apples.pk}/", {"stock": level}, format="json").status_code
        )

    calls = [call for n, order_id in enumerate(orders) for call in (confirm(order_id), set_level(60 + n))]
    statuses = all_at_once(calls, together=2)

    assert statuses == [200] * len(calls)
    history = StockMovement.objects.filter(product=apples).aggregate(total=Sum("quantity"))["total"]
    assert Product.objects.get(pk=apples.pk).stock == 100 + history
    assert StockMovement.objects.filter(product=apples, order_id__isnull=False).count() == 10, "every order's take"
