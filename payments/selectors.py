from __future__ import annotations

from django.db.models import QuerySet

from payments.models import Payment, Refund


def payment_list(*, status: str | None = None) -> QuerySet[Payment]:
    payments = Payment.objects.all()
    return payments if status is None else payments.filter(status=status)


def refund_list(*, status: str | None = None) -> QuerySet[Refund]:
    """Oldest first: the legal clock runs from each refund's creation."""
    refunds = Refund.objects.order_by("created_at", "id")
    return refunds if status is None else refunds.filter(status=status)
