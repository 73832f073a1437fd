from __future__ import annotations

from django.db.models import QuerySet

from orders.models import Order


def order_list_for_customer(*, customer) -> QuerySet[Order]:
    return Order.objects.filter(customer=customer).prefetch_related("lines")
