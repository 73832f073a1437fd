"""The deposits context's door for synchronous callers above it (the privacy app). Plain data only."""

from __future__ import annotations

from deposits import services

__all__ = ["deposits_forget_depositor"]


def deposits_forget_depositor(*, order_ids: list[int]) -> int:
    """Forgets the depositor's name on the bank statement's lines matched to these orders; returns how many."""
    return services.deposits_forget_depositor(order_ids=order_ids)
