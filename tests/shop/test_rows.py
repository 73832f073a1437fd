"""shop.rows.update_rows: many rows' fields in one statement, NULLs, foreign keys and times included."""

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from deposits.models import Deposit
from payments.models import Payment
from shop.rows import update_rows

pytestmark = pytest.mark.django_db


def test_six_hundred_rows_in_one_statement(seller):
    now = timezone.now()
    deposits = Deposit.objects.bulk_create(
        Deposit(transaction_id=f"R-{n}", deposited_at=now, depositor_name="누구", amount=n, status="unmatched")
        for n in range(600)
    )
    for n, deposit in enumerate(deposits):
        deposit.status, deposit.reason = ("matched", "") if n % 2 else ("unmatched", "ambiguous")
        deposit.order_id = n if n % 2 else None
    payment = Payment.objects.create(order_id=1, amount=5, depositor_name="누구", bank_account="x")
    payment.confirmed_by_id, payment.confirmed_at = seller.pk, now

    with CaptureQueriesContext(connection) as captured:
        update_rows(deposits, ["status", "reason", "order_id"])
    update_rows([payment], ["confirmed_by", "confirmed_at", "canceled_by"])

    assert len(captured) == 1
    stored = {d.transaction_id: (d.status, d.reason, d.order_id) for d in Deposit.objects.all()}
    assert stored == {f"R-{n}": ("matched", "", n) if n % 2 else ("unmatched", "ambiguous", None) for n in range(600)}
    payment.refresh_from_db()
    assert (payment.confirmed_by_id, payment.confirmed_at, payment.canceled_by_id) == (seller.pk, now, None)


@pytest.mark.postgres
def test_a_value_too_long_for_its_column_is_refused_not_cut():
    deposit = Deposit.objects.create(
        transaction_id="R-1", deposited_at=timezone.now(), depositor_name="누구", amount=1, status="unmatched"
    )
    deposit.reason = "x" * 21

    with pytest.raises(DataError), transaction.atomic():
        update_rows([deposit], ["reason"])
