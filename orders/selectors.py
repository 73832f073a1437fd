from __future__ import annotations

from django.db.models import QuerySet

from orders.models import Order


def order_list_for_customer(*, customer) -> QuerySet[Order]:
    return Order.objects.filter(customer=customer).prefetch_related("lines")


def order_get_for_customer(*, order_id: int, customer) -> Order | None:
    return order_list_for_customer(customer=customer).filter(pk=order_id).first()
