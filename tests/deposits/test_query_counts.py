"""A large statement stays fast: its lines are recorded and matched a chunk at a time, and a chunk costs the
same statements however many lines it holds, however long the history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from deposits import services
from deposits.services import StatementLine, deposits_import
from tests.support.shop import place

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# Statements per chunk of a statement (BEGIN and COMMIT included): lines that match (their payments confirmed,
# the stock taken, the events recorded) and lines that wait for the seller. Lower it when you save one.
PER_CHUNK = {"matched": 16, "unmatched": 6}


def statements(lines) -> int:
    with CaptureQueriesContext(connection) as captured:
        deposits_import(lines)
    return len(captured)


def test_a_chunk_costs_the_same_statements_whatever_its_lines(shop, as_alice, settings, monkeypatch):
    apples = shop.product(price=1000, stock=1000)
    for n in range(26):
        place(as_alice, (apples.pk, 1), depositor_name=f"입금자{n}")
    settings.EVENT_TRANSPORT = "tests.support.transports.HeldBackTransport"  # from now, the saga is the workers'
    now = timezone.now()

    def matching(n):
        return StatementLine(f"M-{n}", now, f"입금자{n}", 1000)

    def waiting(n):
        return StatementLine(f"W-{n}", now, f"모르는 분 {n}", 5)

    one = {"matched": statements([matching(0)]), "unmatched": statements([waiting(0)])}
    twenty = {
        "matched": statements([matching(n) for n in range(1, 21)]),
        "unmatched": statements([waiting(n) for n in range(1, 21)]),
    }
    assert one == twenty == PER_CHUNK

    monkeypatch.setattr(services, "CHUNK", 2)
    assert statements([matching(n) for n in range(21, 26)]) == 3 * PER_CHUNK["matched"]
    assert statements([waiting(n) for n in range(21, 26)]) == 3 * PER_CHUNK["unmatched"]
