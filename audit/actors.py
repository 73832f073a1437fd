"""Who did it: the actor that confirmations, cancellations and receipts carry in their events. The event log
is therefore the audit trail (audit/history.py)."""

from __future__ import annotations

CUSTOMER, STAFF, SYSTEM, OPERATOR, BANK_STATEMENT = "customer", "staff", "system", "operator", "bank_statement"
KINDS = (CUSTOMER, STAFF, SYSTEM, OPERATOR, BANK_STATEMENT)


def actor(user) -> dict:
    """A signed-in person: the seller when staff, otherwise a customer."""
    return {"kind": STAFF if user.is_staff else CUSTOMER, "user_id": user.pk, "username": user.get_username()}


def customer_actor(user_id: int) -> dict:
    """A customer known by id only (the name is looked up when the history is read)."""
    return {"kind": CUSTOMER, "user_id": user_id, "username": None}


def system_actor() -> dict:
    """The shop itself, e.g. canceling a payment and its order as compensation for short stock."""
    return {"kind": SYSTEM, "user_id": None, "username": None}


def operator_actor() -> dict:
    """Someone at a shell, running a management command without naming a user."""
    return {"kind": OPERATOR, "user_id": None, "username": None}


def bank_statement_actor(transaction_id: str) -> dict:
    """A line of the shop's bank statement, matched to its order by the shop (deposits/services.py): the line
    is named by the bank's own transaction id."""
    return {"kind": BANK_STATEMENT, "user_id": None, "username": None, "transaction_id": transaction_id}
