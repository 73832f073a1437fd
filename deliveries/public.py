"""The deliveries context's door for synchronous callers above it (the privacy app). Plain data only."""

from __future__ import annotations

from deliveries import services

__all__ = ["deliveries_forget_address"]


def deliveries_forget_address(*, order_ids: list[int]) -> int:
    """Forgets the shipping address on the deliveries of these orders; returns how many."""
    return services.deliveries_forget_address(order_ids=order_ids)
