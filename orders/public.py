"""The orders context's door for synchronous callers above it (the privacy app). Plain data only."""

from __future__ import annotations

from orders import services

__all__ = ["orders_forget_customer"]


def orders_forget_customer(*, customer_id: int) -> list[int]:
    """Forgets the personal data on every order of the customer (addresses, depositor names); returns the
    orders' ids, for the other contexts to forget theirs."""
    return services.orders_forget_customer(customer_id=customer_id)
