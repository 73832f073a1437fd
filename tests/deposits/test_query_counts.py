"""A large statement stays fast: each line costs the same statements, however long the file or the history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from deposits.services import StatementLine, deposits_import
from tests.support.shop import place

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# Statements per line of a statement: one that matches (its payment confirmed, the stock taken, the events
# recorded) and one that waits for the seller. Lower it when you save one.
PER_LINE = {"matched": 17, "unmatched": 5}


def statements(lines) -> int:
    with CaptureQueriesContext(connection) as captured:
        deposits_import(lines)
    return len(captured)


def test_every_line_costs_the_same_statements(shop, as_alice, settings):
    apples = shop.product(price=1000, stock=1000)
    for n in range(21):
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

    assert twenty == {kind: 20 * count for kind, count in one.items()}
    assert one == PER_LINE
