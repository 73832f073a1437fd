"""The money loop in the seller's admin: the statement upload, matching by hand, refunds and deadlines."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from deposits.models import Deposit
from deposits.services import StatementLine, deposit_record
from payments.models import Payment, Refund
from tests.support.shop import place

pytestmark = pytest.mark.django_db(transaction=True)

STATEMENT = (
    "거래번호,거래일시,입금자명,입금액\nU-1,2026-12-01 10:00:00,홍길동,32000\nU-2,2026-12-01 11:00:00,모름,5000\n"
)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_seller_uploads_a_statement_and_sees_the_waiting_lines_first(shop, as_alice, admin_client_as_seller):
    order = place(as_alice, (shop.product(price=32000).pk, 1), depositor_name="홍길동")["id"]
    upload = SimpleUploadedFile("거래내역.csv", STATEMENT.encode("cp949"), content_type="text/csv")

    response = admin_client_as_seller.post(
        "/admin/deposits/deposit/upload/", {"statement": upload}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert messages_of(response) == ["2 new (1 matched, 1 unmatched), 0 already imported, 0 skipped"]
    assert Payment.objects.get(order_id=order).status == "confirmed"
    listed = [deposit.transaction_id for deposit in response.context["cl"].result_list]
    assert listed == ["U-2", "U-1"], "the line waiting for the seller first"
    assert "32,000" in response.content.decode()


def test_a_malformed_upload_imports_nothing_and_says_where(admin_client_as_seller):
    upload = SimpleUploadedFile("s.csv", b"transaction_id,deposited_at,depositor_name\nU-1,2026-12-01,Kim\n")

    response = admin_client_as_seller.post(
        "/admin/deposits/deposit/upload/", {"statement": upload}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert "missing column amount" in messages_of(response)[0] and "nothing was imported" in messages_of(response)[0]
    assert not Deposit.objects.exists()


def test_a_statement_larger_than_an_api_body_uploads_within_its_own_limit(admin_client_as_seller, settings):
    rows = "".join(f"L-{n},2026-12-01 10:00:00,모르는 분 {n},{1000 + n}\n" for n in range(3000))
    statement = ("거래번호,거래일시,입금자명,입금액\n" + rows).encode()
    assert len(statement) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    uploaded = admin_client_as_seller.post(
        "/admin/deposits/deposit/upload/",
        {"statement": SimpleUploadedFile("month.csv", statement)},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    too_large = admin_client_as_seller.post(
        "/admin/deposits/deposit/upload/", {"statement": SimpleUploadedFile("huge.csv", b"x" * (10 * 1024 * 1024))}
    )

    assert messages_of(uploaded) == ["3000 new (0 matched, 3000 unmatched), 0 already imported, 0 skipped"]
    assert too_large.status_code == 413 and Deposit.objects.count() == 3000


def test_the_seller_matches_a_line_to_a_candidate_of_the_same_amount(shop, as_alice, admin_client_as_seller):
    order = place(as_alice, (shop.product(price=32000).pk, 1), depositor_name="김철수")["id"]
    waiting, _ = deposit_record(StatementLine("W-1", timezone.now(), "김철수 어머니", 32000))

    page = admin_client_as_seller.get(f"/admin/deposits/deposit/{waiting.pk}/match/")
    assert page.status_code == 200 and [c["order_id"] for c in page.context["candidates"]] == [order]

    response = admin_client_as_seller.post(
        f"/admin/deposits/deposit/{waiting.pk}/match/", {"candidate": order}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/admin/deposits/deposit/"
    assert Deposit.objects.get().order_id == order
    assert Payment.objects.get(order_id=order).status == "confirmed"


def test_the_seller_marks_refunds_paid_in_bulk(shop, as_alice, admin_client_as_seller):
    apples = shop.product(stock=1)
    orders = [place(as_alice, (apples.pk, 1))["id"] for _ in range(3)]
    for order in orders:
        admin_client_as_seller.post(
            "/admin/payments/payment/",
            {"action": "confirm_deposit", "_selected_action": [Payment.objects.get(order_id=order).pk]},
        )
    due = list(Refund.objects.values_list("pk", flat=True))
    assert len(due) == 2

    page = admin_client_as_seller.get("/admin/payments/refund/")
    assert [refund.pk for refund in page.context["cl"].result_list] == due, "oldest first"
    response = admin_client_as_seller.post(
        "/admin/payments/refund/", {"action": "mark_paid", "_selected_action": due}, follow=True
    )

    assert len(messages_of(response)) == 2
    assert set(Refund.objects.values_list("status", flat=True)) == {"paid"}


def test_the_deadline_filters_show_the_payments_due_soon_and_expired(shop, as_alice, admin_client_as_seller):
    apples = shop.product(stock=10)
    soon, later, passed = (place(as_alice, (apples.pk, 1))["id"] for _ in range(3))
    now = timezone.now()
    Payment.objects.filter(order_id=soon).update(deposit_due_at=now + timedelta(hours=2))
    Payment.objects.filter(order_id=passed).update(deposit_due_at=now - timedelta(hours=2))

    def shown(choice):
        page = admin_client_as_seller.get(f"/admin/payments/payment/?deadline={choice}")
        return [payment.order_id for payment in page.context["cl"].result_list]

    assert shown("soon") == [soon]
    assert shown("expired") == [passed]
    assert later not in shown("soon")
