"""SPEC "Deposit deadline" and "Refunds", through the API and the commands."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from audit.history import order_history
from payments.models import Payment, Refund
from tests.support.shop import my_order, place, run

pytestmark = pytest.mark.django_db(transaction=True)


def overdue(*order_ids: int) -> None:
    """The deadline of these orders' payments passed a minute ago."""
    Payment.objects.filter(order_id__in=order_ids).update(deposit_due_at=timezone.now() - timedelta(minutes=1))


def test_every_order_is_due_by_its_placing_plus_the_deadline_everywhere_it_shows(shop, as_alice, settings):
    settings.DEPOSIT_DEADLINE = timedelta(days=5)
    order = place(as_alice, (shop.product().pk, 1))

    due = datetime.fromisoformat(order["deposit_due_at"])
    assert due == datetime.fromisoformat(order["created_at"]) + timedelta(days=5)
    assert Payment.objects.get(order_id=order["id"]).deposit_due_at == due
    assert datetime.fromisoformat(my_order(as_alice, order["id"])["deposit_due_at"]) == due
    placed = [e for e in order_history(order["id"])["entries"] if e["event"] == "PayPlaced"]
    assert datetime.fromisoformat(placed[0]["details"]["deposit_due_at"]) == due


def test_expiry_cancels_the_unpaid_orders_past_their_deadline_once(shop, as_alice, as_seller):
    product = shop.product(stock=10)
    late, on_time, paid = (place(as_alice, (product.pk, 1))["id"] for _ in range(3))
    assert as_seller.post(f"/api/payments/{paid}/confirm/").status_code == 200
    overdue(late, paid)

    output = run("expire_unpaid_orders")

    assert output.splitlines()[-1] == "1 expired"
    assert f"order {late}:" in output and f"order {on_time}:" not in output
    assert (Payment.objects.get(order_id=late).status, Payment.objects.get(order_id=late).cancel_reason) == (
        "canceled",
        "deposit_expired",
    )
    row = my_order(as_alice, late)
    assert (row["status"], row["cancel_reason"], row["payment_status"]) == ("canceled", "deposit_expired", "canceled")
    assert as_alice.get(f"/api/orders/{late}/").json()["status"] == "canceled"
    assert my_order(as_alice, on_time)["status"] == "awaiting_deposit"
    assert my_order(as_alice, paid)["status"] == "shipping"
    assert run("expire_unpaid_orders").strip() == "0 expired", "twice expires nothing twice"

    refused = as_seller.post(f"/api/payments/{late}/confirm/")
    assert refused.status_code == 409, "confirming an expired payment"


def test_the_scheduler_runs_the_expiry(shop, as_alice):
    order = place(as_alice, (shop.product().pk, 1))["id"]
    overdue(order)

    output = run("run_scheduler", "--once")

    assert "expire_unpaid_orders" in output
    assert Payment.objects.get(order_id=order).status == "canceled"


def test_short_stock_at_confirmation_makes_a_refund_due_that_the_customer_and_seller_settle(
    shop, as_alice, as_seller, anonymous
):
    product = shop.product(stock=1)
    order = place(as_alice, (product.pk, 1))["id"]
    product.stock = 0
    product.save()  # sold elsewhere meanwhile

    confirmed = as_seller.post(f"/api/payments/{order}/confirm/").json()
    assert (confirmed["status"], confirmed["cancel_reason"]) == ("canceled", "out_of_stock")

    refunds = as_seller.get("/api/refunds/?status=due").json()["results"]
    assert [(r["order_id"], r["amount"], r["reason"], r["refund_account"]) for r in refunds] == [
        (order, product.price, "out_of_stock", None)
    ]
    assert my_order(as_alice, order)["refund_status"] == "due"

    account = {"bank": "국민은행", "account_number": "123456-01-234567", "holder": "김앨리스"}
    bad = as_alice.put(f"/api/orders/{order}/refund-account/", {**account, "account_number": "12-34"}, format="json")
    assert bad.status_code == 400 and "account_number" in bad.json()
    stranger = shop.client_for(shop.customer("bob"))
    assert stranger.put(f"/api/orders/{order}/refund-account/", account, format="json").status_code == 404
    assert anonymous.put(f"/api/orders/{order}/refund-account/", account, format="json").status_code == 401
    given = as_alice.put(f"/api/orders/{order}/refund-account/", account, format="json")
    assert (given.status_code, given.json()) == (200, account)
    refund = as_seller.get("/api/refunds/").json()["results"][0]
    assert refund["refund_account"] == account

    assert as_alice.post(f"/api/refunds/{refund['id']}/mark-paid/").status_code == 403
    paid = as_seller.post(f"/api/refunds/{refund['id']}/mark-paid/")
    assert (paid.status_code, paid.json()["status"]) == (200, "paid") and paid.json()["paid_at"]
    assert as_seller.post(f"/api/refunds/{refund['id']}/mark-paid/").status_code == 409
    assert my_order(as_alice, order)["refund_status"] == "paid"
    assert as_alice.put(f"/api/orders/{order}/refund-account/", account, format="json").status_code == 409
    assert {"RefundDue", "RefundPaid"} <= {entry["event"] for entry in order_history(order)["entries"]}


def test_a_refund_account_is_refused_while_no_refund_is_due(shop, as_alice):
    order = place(as_alice, (shop.product().pk, 1))["id"]
    account = {"bank": "국민은행", "account_number": "1234567890", "holder": "김앨리스"}

    response = as_alice.put(f"/api/orders/{order}/refund-account/", account, format="json")

    assert response.status_code == 409
    assert not Refund.objects.exists()


def test_refunds_list_oldest_first_and_filters(shop, as_alice, as_seller):
    product = shop.product(stock=0)
    product.stock = 5
    product.save()
    orders = [place(as_alice, (product.pk, 5))["id"] for _ in range(3)]
    for order in orders:
        as_seller.post(f"/api/payments/{order}/confirm/")  # the first takes all five; the others are short

    due = as_seller.get("/api/refunds/?status=due").json()["results"]
    assert [r["order_id"] for r in due] == orders[1:]
    assert as_seller.get("/api/refunds/?status=paid").json()["results"] == []
    assert as_seller.get("/api/refunds/?status=lost").status_code == 400
