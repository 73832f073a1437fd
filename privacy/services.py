"""Forgetting a customer on request (개인정보 보호법, PIPA). Every context forgets its own rows through its
`public.py`; this module only knows the order to ask them in. What is kept, where, and for how long:
docs/operations.md, "Personal data"."""

from __future__ import annotations

import dataclasses

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.services import account_forget
from deliveries import public as deliveries
from deposits import public as deposits
from eventbus.forget import events_forget
from orders import public as orders
from payments import public as payments
from shop.api.services import idempotency_keys_forget_user
from shop.errors import NotFound


@dataclasses.dataclass(frozen=True)
class Forgotten:
    user_id: int
    orders: int
    payments: int
    deposits: int
    deliveries: int
    events: int
    idempotency_records: int


@transaction.atomic
def customer_forget(*, username: str) -> Forgotten:
    """Replaces the customer's name, addresses, depositor names and account details everywhere by a
    placeholder; the orders, the money and the audit trail stay (전자상거래법: 5 years). All or nothing."""
    user = get_user_model().objects.select_for_update().filter(username=username).first()
    if user is None:
        raise NotFound(f"no user named {username!r}")
    order_ids = orders.orders_forget_customer(customer_id=user.pk)
    forgotten = Forgotten(
        user_id=user.pk,
        orders=len(order_ids),
        payments=payments.payments_forget_depositor(order_ids=order_ids),
        deposits=deposits.deposits_forget_depositor(order_ids=order_ids),
        deliveries=deliveries.deliveries_forget_address(order_ids=order_ids),
        events=events_forget(order_ids=order_ids, user_id=user.pk),
        idempotency_records=idempotency_keys_forget_user(user=user),
    )
    account_forget(user=user)
    return forgotten
