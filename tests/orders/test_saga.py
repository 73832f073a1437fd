"""The seven rules of the tutorial, walked through the REST API the way customers and the seller use it.

Events are handled in-process right after each commit, so every step is visible at once.
"""

import pytest

from deliveries.models import Delivery
from payments.models import Payment
from products.models import Product, StockMovement
from tests.support.shop import my_order, place

pytestmark = pytest.mark.django_db(transaction=True)


def test_rule_1_a_customer_orders_products_and_quantities_at_catalogue_prices(shop, as_alice):
    apples = shop.product(name="사과", price=32000, stock=10)
    pears = shop.product(name="배", price=25000, stock=10)

    order = place(as_alice, (apples.pk, 2), (pears.pk, 1), unit_price=1, total=1)

    assert set(order) == {
        "id",
        "status",
        "items",
        "total",
        "shipping_address",
        "depositor_name",
        "bank_account",
        "created_at",
        "deposit_due_at",
    }, "SPEC's order body, nothing more"
    assert order["status"] == "placed"
    assert order["items"] == [
        {"product_id": apples.pk, "product_name": "사과", "unit_price": 32000, "quantity": 2, "line_total": 64000},
        {"product_id": pears.pk, "product_name": "배", "unit_price": 25000, "quantity": 1, "line_total": 25000},
    ]
    assert order["total"] == 89000
    assert order["depositor_name"] == "alice"
    assert order["bank_account"]
    assert order["shipping_address"] == "서울시 중구 세종대로 110"
    assert Product.objects.get(pk=apples.pk).stock == 10, "stock is not reserved by an order"


def test_rule_2_a_placed_order_becomes_payable(shop, as_alice):
    apples = shop.product(stock=10)

    order = place(as_alice, (apples.pk, 2), depositor_name="김철수")

    payment = Payment.objects.get(order_id=order["id"])
    assert (payment.status, payment.amount, payment.depositor_name) == ("pending", order["total"], "김철수")
    view = my_order(as_alice, order["id"])
    assert (view["status"], view["payment_status"]) == ("awaiting_deposit", "pending")
    assert as_alice.get(f"/api/orders/{order['id']}/").json()["status"] == "awaiting_deposit"


def test_rule_3_the_seller_confirms_the_deposit_and_the_stock_drops(shop, as_alice, as_seller, seller):
    apples = shop.product(stock=10)
    order = place(as_alice, (apples.pk, 3))

    response = as_seller.post(f"/api/payments/{order['id']}/confirm/")

    assert response.status_code == 200
    assert set(response.json()) == {
        "order_id",
        "amount",
        "status",
        "depositor_name",
        "created_at",
        "confirmed_at",
        "cancel_reason",
    }, "SPEC's payment body, nothing more"
    assert response.json()["status"] == "confirmed"
    assert response.json()["confirmed_at"] is not None
    assert Product.objects.get(pk=apples.pk).stock == 7
    assert Payment.objects.get(order_id=order["id"]).confirmed_by == seller


def test_rule_3_a_short_stock_cancels_the_payment_and_the_order_and_takes_nothing(shop, as_alice, as_seller):
    plenty = shop.product(name="많은 상품", stock=10)
    scarce = shop.product(name="적은 상품", stock=5)
    order = place(as_alice, (plenty.pk, 2), (scarce.pk, 5))
    Product.objects.filter(pk=scarce.pk).update(stock=1)  # meanwhile, another order took most of it

    response = as_seller.post(f"/api/payments/{order['id']}/confirm/")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["cancel_reason"]) == ("canceled", "out_of_stock")
    assert Product.objects.get(pk=plenty.pk).stock == 10, "all lines or none"
    assert Product.objects.get(pk=scarce.pk).stock == 1
    assert not StockMovement.objects.filter(order_id=order["id"]).exists()
    assert as_alice.get(f"/api/orders/{order['id']}/").json()["status"] == "canceled"
    view = my_order(as_alice, order["id"])
    assert (view["status"], view["payment_status"], view["cancel_reason"]) == ("canceled", "canceled", "out_of_stock")


def test_rule_4_taken_stock_starts_the_delivery(shop, as_alice, as_seller):
    apples = shop.product(stock=10)
    order = place(as_alice, (apples.pk, 1))

    as_seller.post(f"/api/payments/{order['id']}/confirm/")

    assert Delivery.objects.get(order_id=order["id"]).status == "started"
    view = my_order(as_alice, order["id"])
    assert (view["status"], view["delivery_status"]) == ("shipping", "started")
    assert as_alice.get(f"/api/orders/{order['id']}/").json()["status"] == "shipping"


def test_rule_5_the_customer_confirms_receipt_and_the_delivery_completes(shop, as_alice, as_seller):
    apples = shop.product(stock=10)
    order = place(as_alice, (apples.pk, 1))
    as_seller.post(f"/api/payments/{order['id']}/confirm/")

    response = as_alice.post(f"/api/orders/{order['id']}/confirm-receipt/")

    assert response.status_code == 200
    assert response.json()["status"] == "closed"
    assert Delivery.objects.get(order_id=order["id"]).status == "completed"
    view = my_order(as_alice, order["id"])
    assert (view["status"], view["status_label"], view["delivery_status"]) == ("closed", "수령확인", "completed")


def test_rule_6_the_customer_sees_every_order_on_one_screen_newest_first(shop, as_alice, as_bob, as_seller):
    apples = shop.product(stock=100)
    first = place(as_alice, (apples.pk, 1))
    second = place(as_alice, (apples.pk, 2))
    third = place(as_alice, (apples.pk, 3))
    place(as_bob, (apples.pk, 1))
    as_seller.post(f"/api/payments/{second['id']}/confirm/")
    as_alice.post(f"/api/orders/{third['id']}/cancel/")

    rows = as_alice.get("/api/my-orders/").json()["results"]

    assert [row["order_id"] for row in rows] == [third["id"], second["id"], first["id"]]
    assert [row["status"] for row in rows] == ["canceled", "shipping", "awaiting_deposit"]
    assert [row["status_label"] for row in rows] == ["주문취소", "배송중", "입금확인대기"]
    assert rows[1]["items"] == [{"product_id": apples.pk, "product_name": apples.name, "quantity": 2}]
    assert rows[1]["total"] == 2 * apples.price
    assert set(rows[0]) == {
        "order_id",
        "status",
        "status_label",
        "items",
        "total",
        "payment_status",
        "delivery_status",
        "cancel_reason",
        "deposit_due_at",
        "refund_status",
        "placed_at",
        "updated_at",
    }


def test_rule_6_status_labels_follow_the_accept_language(shop, as_alice):
    apples = shop.product(stock=10)
    order = place(as_alice, (apples.pk, 1))

    english = as_alice.get(f"/api/my-orders/{order['id']}/", HTTP_ACCEPT_LANGUAGE="en").json()
    korean = as_alice.get(f"/api/my-orders/{order['id']}/", HTTP_ACCEPT_LANGUAGE="ko").json()

    assert english["status_label"] == "Awaiting deposit"
    assert korean["status_label"] == "입금확인대기"


def test_rule_7_the_customer_may_cancel_before_the_deposit_is_confirmed(shop, as_alice, as_seller):
    apples = shop.product(stock=10)
    order = place(as_alice, (apples.pk, 2))

    response = as_alice.post(f"/api/orders/{order['id']}/cancel/")

    assert response.status_code == 200
    assert response.json()["status"] == "canceled"
    payment = Payment.objects.get(order_id=order["id"])
    assert (payment.status, payment.cancel_reason) == ("canceled", "customer")
    assert as_seller.post(f"/api/payments/{order['id']}/confirm/").status_code == 409
    assert Product.objects.get(pk=apples.pk).stock == 10
    assert Delivery.objects.get(order_id=order["id"]).status == "canceled"
    view = my_order(as_alice, order["id"])
    assert (view["status"], view["payment_status"], view["cancel_reason"]) == ("canceled", "canceled", "customer")


def test_rule_7_a_customer_cannot_cancel_once_the_deposit_is_confirmed(shop, as_alice, as_seller):
    apples = shop.product(stock=10)
    order = place(as_alice, (apples.pk, 2))
    as_seller.post(f"/api/payments/{order['id']}/confirm/")

    response = as_alice.post(f"/api/orders/{order['id']}/cancel/")

    assert response.status_code == 409
    assert Payment.objects.get(order_id=order["id"]).status == "confirmed"
    assert my_order(as_alice, order["id"])["status"] == "shipping"


def test_rule_7_a_cancel_that_beats_the_payment_leaves_a_canceled_payment(shop, alice, as_alice, as_seller, settings):
    """The payment is created by an event; here it has not arrived yet when the customer cancels."""
    from eventbus import codec
    from eventbus.models import StoredEvent
    from payments.handlers import create_payment_when_order_placed

    apples = shop.product(stock=10)
    settings.EVENT_TRANSPORT = "tests.support.transports.HeldBackTransport"  # nothing is delivered for now
    order = place(as_alice, (apples.pk, 1))
    assert not Payment.objects.filter(order_id=order["id"]).exists()

    assert as_alice.post(f"/api/orders/{order['id']}/cancel/").status_code == 200
    payment = Payment.objects.get(order_id=order["id"])
    assert (payment.status, payment.cancel_reason, payment.amount) == ("canceled", "customer", order["total"])

    # The late OrderPlaced changes nothing, and the seller cannot confirm.
    late = StoredEvent.objects.get(order_id=order["id"], event_type="OrderPlaced")
    create_payment_when_order_placed(codec.from_outbox(late))
    assert Payment.objects.get(order_id=order["id"]).status == "canceled"
    assert not StoredEvent.objects.filter(order_id=order["id"], event_type="PayPlaced").exists()
    assert as_seller.post(f"/api/payments/{order['id']}/confirm/").status_code == 409


def test_a_delivered_and_a_short_stock_order_each_end_in_one_consistent_row(shop, as_alice, as_seller):
    apples = shop.product(stock=3)
    delivered = place(as_alice, (apples.pk, 2))
    short = place(as_alice, (apples.pk, 2))
    as_seller.post(f"/api/payments/{delivered['id']}/confirm/")
    as_seller.post(f"/api/payments/{short['id']}/confirm/")
    as_alice.post(f"/api/orders/{delivered['id']}/confirm-receipt/")

    rows = {row["order_id"]: row for row in as_alice.get("/api/my-orders/").json()["results"]}

    assert rows[delivered["id"]]["status"] == "closed"
    assert rows[short["id"]]["status"] == "canceled"
    assert Product.objects.get(pk=apples.pk).stock == 1
