from __future__ import annotations

from django.db.models import QuerySet

from orderview.models import OrderStatusView


def my_orders(*, customer) -> QuerySet[OrderStatusView]:
    return OrderStatusView.objects.filter(customer=customer).order_by("-placed_at", "-order_id")
