"""SPEC "Deposits from the bank statement": matching, by hand, dismissing, and the statement files."""

import io
from datetime import datetime

import pytest
from django.core.management.base import CommandError
from openpyxl import Workbook

from audit.history import order_history
from deposits.models import Deposit
from deposits.services import StatementLine, deposits_record
from payments.models import Payment, Refund
from tests.support.shop import my_order, place, run

pytestmark = pytest.mark.django_db(transaction=True)

WHEN = "2026-12-01T10:00:00+09:00"


def line(transaction_id: str, name: str, amount: int, when: str = WHEN) -> dict:
    return {"transaction_id": transaction_id, "deposited_at": when, "depositor_name": name, "amount": amount}


def deposit(as_seller, *args) -> tuple[int, dict]:
    response = as_seller.post("/api/deposits/", line(*args), format="json")
    return response.status_code, response.json()


@pytest.fixture
def apples(shop):
    return shop.product(name="사과", price=32000, stock=100)


def test_a_single_candidate_is_confirmed_as_the_bank_statements_doing(shop, as_alice, as_seller, apples):
    order = place(as_alice, (apples.pk, 1), depositor_name="김 앨리스")["id"]

    status, body = deposit(as_seller, "T-1", "  김앨리스 ", 32000)

    assert status == 201
    assert {k: body[k] for k in ("status", "reason", "order_id", "amount")} == {
        "status": "matched",
        "reason": None,
        "order_id": order,
        "amount": 32000,
    }
    assert Payment.objects.get(order_id=order).status == "confirmed"
    assert my_order(as_alice, order)["status"] == "shipping"
    checked = next(e for e in order_history(order)["entries"] if e["event"] == "PayChecked")
    assert checked["actor"]["kind"] == "bank_statement" and checked["actor"]["transaction_id"] == "T-1"

    again = as_seller.post("/api/deposits/", line("T-1", "someone else", 1), format="json")
    assert (again.status_code, again.json()) == (200, body), "the same line again changes nothing"
    assert Deposit.objects.count() == 1


def test_names_match_after_nfkc_whitespace_and_case_folding(shop, as_alice, as_seller, apples):
    order = place(as_alice, (apples.pk, 1), depositor_name="ＨＯＮＧ Gildong")["id"]

    status, body = deposit(as_seller, "T-2", "hong gildong", 32000)

    assert (status, body["status"], body["order_id"]) == (201, "matched", order)


@pytest.mark.parametrize(
    ("orders", "amount", "reason"),
    [
        ([("홍길동", 1)], 30000, "amount_mismatch"),
        ([("홍길동", 1), ("홍길동", 1)], 32000, "ambiguous"),
        ([("홍길동", 1), ("홍길동", 2)], 10000, "no_candidate"),
        ([("김철수", 1)], 32000, "no_candidate"),
    ],
)
def test_a_line_that_matches_no_single_payment_waits_with_its_reason(
    shop, as_alice, as_seller, apples, orders, amount, reason
):
    for name, quantity in orders:
        place(as_alice, (apples.pk, quantity), depositor_name=name)

    status, body = deposit(as_seller, "T-3", "홍길동", amount)

    assert (status, body["status"], body["reason"], body["order_id"]) == (201, "unmatched", reason, None)
    assert not Payment.objects.exclude(status="pending").exists()
    assert [d["id"] for d in as_seller.get("/api/deposits/?status=unmatched").json()["results"]] == [body["id"]]


def test_the_seller_matches_a_waiting_line_by_hand(shop, as_alice, as_seller, apples):
    first = place(as_alice, (apples.pk, 1), depositor_name="홍길동")["id"]
    place(as_alice, (apples.pk, 1), depositor_name="홍길동")
    _, waiting = deposit(as_seller, "T-4", "홍길동", 32000)
    assert waiting["reason"] == "ambiguous"

    matched = as_seller.post(f"/api/deposits/{waiting['id']}/match/", {"order_id": first}, format="json")

    assert (matched.status_code, matched.json()["status"], matched.json()["order_id"]) == (200, "matched", first)
    assert Payment.objects.get(order_id=first).status == "confirmed"
    again = as_seller.post(f"/api/deposits/{waiting['id']}/match/", {"order_id": first}, format="json")
    assert again.status_code == 409, "a deposit matched already"
    assert as_seller.post(f"/api/deposits/{waiting['id']}/dismiss/").status_code == 409


def test_matching_by_hand_to_a_canceled_or_paid_order_makes_a_refund_due(shop, as_alice, as_seller, apples):
    canceled = place(as_alice, (apples.pk, 1))["id"]
    assert as_alice.post(f"/api/orders/{canceled}/cancel/").status_code == 200
    paid = place(as_alice, (apples.pk, 1))["id"]
    assert as_seller.post(f"/api/payments/{paid}/confirm/").status_code == 200
    _, late = deposit(as_seller, "T-5", "누군가", 32000)
    _, twice = deposit(as_seller, "T-6", "누군가", 32000)

    assert (
        as_seller.post(f"/api/deposits/{late['id']}/match/", {"order_id": canceled}, format="json").status_code == 200
    )
    assert as_seller.post(f"/api/deposits/{twice['id']}/match/", {"order_id": paid}, format="json").status_code == 200

    assert sorted(Refund.objects.values_list("order_id", "reason", "amount", "status")) == sorted(
        [(canceled, "order_canceled", 32000, "due"), (paid, "duplicate_deposit", 32000, "due")]
    )
    assert my_order(as_alice, canceled)["refund_status"] == "due"
    assert Payment.objects.get(order_id=paid).status == "confirmed", "the second deposit confirms nothing"


def test_matching_by_hand_is_refused_for_another_amount_or_an_unknown_order(shop, as_alice, as_seller, apples):
    order = place(as_alice, (apples.pk, 1))["id"]
    _, waiting = deposit(as_seller, "T-7", "누군가", 1000)

    wrong = as_seller.post(f"/api/deposits/{waiting['id']}/match/", {"order_id": order}, format="json")
    unknown = as_seller.post(f"/api/deposits/{waiting['id']}/match/", {"order_id": 999999}, format="json")
    bad = as_seller.post(f"/api/deposits/{waiting['id']}/match/", {"order_id": "x"}, format="json")

    assert (wrong.status_code, unknown.status_code, bad.status_code) == (409, 404, 400)
    assert Deposit.objects.get().status == "unmatched" and Payment.objects.get().status == "pending"


def test_a_dismissed_line_stays_dismissed(as_seller):
    _, waiting = deposit(as_seller, "T-8", "이체", 50000)

    dismissed = as_seller.post(f"/api/deposits/{waiting['id']}/dismiss/")

    assert (dismissed.status_code, dismissed.json()["status"]) == (200, "dismissed")
    assert as_seller.post(f"/api/deposits/{waiting['id']}/dismiss/").status_code == 409
    assert [d["id"] for d in as_seller.get("/api/deposits/?status=dismissed").json()["results"]] == [waiting["id"]]


@pytest.mark.parametrize(
    "body",
    [
        line("", "홍길동", 1000),
        line("x" * 65, "홍길동", 1000),
        line("T", "홍길동", 0),
        line("T", "홍길동", "1000"),
        line("T", "", 1000),
        line("T", "홍길동", 1000, when="yesterday"),
        line("T", "홍길동", 1000, when="0209-12-05T03:09:31-19:11"),
    ],
)
def test_a_malformed_line_is_400_and_nothing_is_written(as_seller, body):
    assert as_seller.post("/api/deposits/", body, format="json").status_code == 400
    assert not Deposit.objects.exists()


def test_only_the_seller_sees_and_records_deposits(as_alice, anonymous):
    assert as_alice.post("/api/deposits/", line("T", "홍길동", 1), format="json").status_code == 403
    assert as_alice.get("/api/deposits/").status_code == 403
    assert anonymous.get("/api/deposits/").status_code == 401


# --- statement files ---


def csv_file(tmp_path, text: str, encoding: str = "utf-8", name: str = "statement.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


KOREAN = "거래번호,거래일시,입금자명,입금액\n"


def test_an_import_matches_skips_and_reports(tmp_path, shop, as_alice, as_seller, apples):
    matched = place(as_alice, (apples.pk, 1), depositor_name="홍길동")["id"]
    deposit(as_seller, "B-0", "이미", 5)
    statement = KOREAN + (
        'B-1,2026-12-01 10:00:00,홍길동,"32,000"\n'
        "B-2,2026.12.01 11:00,모르는분,1000\n"
        "B-3,2026-12-01 12:00:00,출금,\n"
        "B-0,2026-12-01 13:00:00,이미,5\n"
    )

    output = run("import_deposits", csv_file(tmp_path, statement, "cp949"))

    assert "2 new (1 matched, 1 unmatched), 1 already imported, 1 skipped" in output
    assert "B-2" in output and "no_candidate" in output
    assert Payment.objects.get(order_id=matched).status == "confirmed"
    assert Deposit.objects.count() == 3


def test_the_lines_of_a_statement_are_decided_in_their_order(tmp_path, shop, as_alice, as_seller):
    """A statement is matched a chunk at a time, yet as if line after line: a payment taken by one line is
    no candidate for the next, and the last unit of stock goes to the line that comes first."""
    last_one = shop.product(name="마지막 하나", price=32000, stock=1)
    paid_twice = place(as_alice, (last_one.pk, 1), depositor_name="홍길동")["id"]
    too_late = place(as_alice, (last_one.pk, 1), depositor_name="김철수")["id"]
    statement = KOREAN + (
        "C-1,2026-12-01 10:00:00,홍길동,32000\n"
        "C-2,2026-12-01 10:05:00,홍길동,32000\n"  # the same order paid twice
        "C-3,2026-12-01 10:10:00,김철수,32000\n"  # its stock went to C-1
    )

    output = run("import_deposits", csv_file(tmp_path, statement))

    assert "3 new (2 matched, 1 unmatched)" in output
    lines = {d.transaction_id: (d.status, d.reason, d.order_id) for d in Deposit.objects.all()}
    assert lines == {
        "C-1": ("matched", "", paid_twice),
        "C-2": ("unmatched", "no_candidate", None),
        "C-3": ("matched", "", too_late),
    }
    assert my_order(as_alice, paid_twice)["status"] == "shipping"
    assert my_order(as_alice, too_late)["status"] == "canceled"
    assert list(Refund.objects.values_list("order_id", "amount", "reason")) == [(too_late, 32000, "out_of_stock")]


def test_a_line_given_twice_in_one_call_is_recorded_and_matched_once(shop, as_alice, apples):
    order = place(as_alice, (apples.pk, 1), depositor_name="홍길동")["id"]
    twice = StatementLine("D-1", datetime.fromisoformat(WHEN), "홍길동", 32000)

    (first, first_new), (again, again_new) = deposits_record([twice, twice])

    assert (first_new, again_new) == (True, False) and first.pk == again.pk
    assert (first.status, first.order_id) == ("matched", order)
    assert Deposit.objects.count() == 1 and not Refund.objects.exists()


def test_an_import_takes_utf8_with_a_bom_and_english_headers_and_xlsx(tmp_path, as_seller):
    with_bom = "\ufefftransaction_id,deposited_at,depositor_name,amount\nE-1,2026-12-01 10:00:00,Kim,1000\n"
    run("import_deposits", csv_file(tmp_path, with_bom))
    book = Workbook()
    book.active.append(["거래일시", "거래번호", "입금자명", "입금액", "메모"])
    book.active.append([datetime(2026, 12, 1, 9, 30), "X-1", "이영희", 25000, ""])
    data = io.BytesIO()
    book.save(data)
    (tmp_path / "statement.xlsx").write_bytes(data.getvalue())

    output = run("import_deposits", str(tmp_path / "statement.xlsx"))

    assert "1 new" in output
    assert sorted(Deposit.objects.values_list("transaction_id", "amount")) == [("E-1", 1000), ("X-1", 25000)]


@pytest.mark.parametrize(
    ("content", "encoding", "message"),
    [
        ("", "utf-8", "empty"),
        (
            "거래번호,거래일시,입금자명\nB-1,2026-12-01 10:00:00,홍길동\n",
            "utf-8",
            "missing column amount \\(or 입금액\\)",
        ),
        (KOREAN + 'B-1,2026-12-01 10:00:00,홍길동,"32,000원x"\n', "utf-8", "line 2"),
        (KOREAN + "B-1,2026-12-01 10:00:00,홍길동,1000\nB-2,어제,홍길동,1000\n", "utf-8", "line 3"),
        (KOREAN + "B-1,2026-12-01 10:00:00,홍길동,1000\nB-1,2026-12-01 10:00:00,홍길동,1000\n", "utf-8", "line 3"),
        (KOREAN + "B-1,2026-12-01 10:00:00,홍길동,abc\n", "utf-8", "not a whole number"),
    ],
)
def test_a_malformed_statement_is_refused_with_its_line_and_imports_nothing(
    tmp_path, as_seller, content, encoding, message
):
    with pytest.raises(CommandError, match=message):
        run("import_deposits", csv_file(tmp_path, content, encoding))
    assert not Deposit.objects.exists()


def test_a_file_in_an_unknown_encoding_is_refused(tmp_path, as_seller):
    path = tmp_path / "statement.csv"
    path.write_bytes(KOREAN.encode("utf-16"))

    with pytest.raises(CommandError, match="encoding"):
        run("import_deposits", str(path))
    assert not Deposit.objects.exists()


def test_the_import_speaks_english_whatever_the_shops_language(tmp_path, as_seller):
    output = run("import_deposits", csv_file(tmp_path, KOREAN + "K-1,2026-12-01 10:00:00,김철수,5000\n"))

    assert "1 new (0 matched, 1 unmatched)" in output and "5,000 won" in output
