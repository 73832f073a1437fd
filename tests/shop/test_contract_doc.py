"""docs/contract.md is the project's own statement of its contract: its tables are held to the code."""

import re
from pathlib import Path

from django.utils import translation

from deposits.models import Deposit
from eventbus.events import DomainEvent
from orders.lifecycle import CANCELED, STEPS, OrderStatus
from payments.events import CancelReason, RefundReason

DOC = (Path(__file__).resolve().parents[2] / "docs" / "contract.md").read_text()


def table_after(heading: str) -> list[list[str]]:
    section = DOC.split(heading, 1)[1]
    rows = re.findall(r"^\|(.+)\|$", section.split("\n## ", 1)[0], flags=re.MULTILINE)
    return [[cell.strip().strip("`") for cell in row.split("|")] for row in rows[2:]]


def test_the_states_table_is_the_lifecycle():
    with translation.override("ko"):
        expected = [[step.status.value, str(OrderStatus(step.status).label), step.reached_by.__name__]
                    for step in (*STEPS, CANCELED)]  # fmt: skip
    assert table_after("## An order's states") == expected


def test_the_reasons_named_are_the_codes():
    for reason in CancelReason.values:
        assert f"`{reason}`" in DOC, reason
    assert {row[0] for row in table_after("## Refunds")} == set(RefundReason.values)
    matching = table_after("## Deposits from the bank statement")
    assert {row[0] for row in matching} == set(Deposit.Status.values)
    assert {row[1] for row in matching} - {"null", ""} == set(Deposit.Reason.values)


def test_every_event_is_named():
    import deliveries.events  # noqa: F401
    import products.events  # noqa: F401

    named = set(re.findall(r"`(\w+)`", DOC.split("## Events", 1)[1].split("\n## ", 1)[0]))
    assert set(DomainEvent.types) <= named
