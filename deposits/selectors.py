from __future__ import annotations

from django.db.models import QuerySet

from deposits.models import Deposit


def deposit_list(*, status: str | None = None) -> QuerySet[Deposit]:
    """Newest first (by arrival)."""
    deposits = Deposit.objects.order_by("-id")
    return deposits if status is None else deposits.filter(status=status)
