from __future__ import annotations

from django.db.models import QuerySet

from payments.models import Payment


def payment_list(*, status: str | None = None) -> QuerySet[Payment]:
    payments = Payment.objects.all()
    return payments if status is None else payments.filter(status=status)


def payment_for_order(*, order_id: int) -> Payment | None:
    return Payment.objects.filter(order_id=order_id).first()
