from __future__ import annotations

from django.db.models import QuerySet

from payments.models import Payment


def payment_list(*, status: str | None = None) -> QuerySet[Payment]:
    payments = Payment.objects.all()
    return payments if status is None else payments.filter(status=status)
