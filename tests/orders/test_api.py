"""What a customer may do with an order through the API: 409 in the wrong state, 404 for another's order, and a bad
order refused (400) with nothing written."""

import pytest

from orders.models import Order
from payments.models import Payment
from products.models import Product
from tests.support.shop import nothing_was_written, order_body, place

pytestmark = pytest.mark.django_db(transaction=True)


def test_cancel_twice_is_409(as_alice, apples):
    order = place(as_alice, (apples.pk, 1))
    assert as_alice.post(f"/api/orders/{order['id']}/cancel/").status_code == 200

    response = as_alice.post(f"/api/orders/{order['id']}/cancel/")

    assert response.status_code == 409
    assert list(response.json()) == ["detail"], "SPEC's error body for a whole request"
    assert response.json()["detail"]


def test_confirm_receipt_before_the_delivery_started_is_409(as_alice, apples):
    order = place(as_alice, (apples.pk, 1))

    assert as_alice.post(f"/api/orders/{order['id']}/confirm-receipt/").status_code == 409
    assert Order.objects.get(pk=order["id"]).status == "awaiting_deposit"


def test_confirm_receipt_twice_is_409(as_alice, as_seller, apples):
    order = place(as_alice, (apples.pk, 1))
    as_seller.post(f"/api/payments/{order['id']}/confirm/")
    assert as_alice.post(f"/api/orders/{order['id']}/confirm-receipt/").status_code == 200

    assert as_alice.post(f"/api/orders/{order['id']}/confirm-receipt/").status_code == 409


def test_confirm_receipt_of_a_canceled_order_is_409(as_alice, apples):
    order = place(as_alice, (apples.pk, 1))
    as_alice.post(f"/api/orders/{order['id']}/cancel/")

    assert as_alice.post(f"/api/orders/{order['id']}/confirm-receipt/").status_code == 409


def test_another_customers_order_is_404_everywhere(as_alice, as_bob, apples):
    order = place(as_alice, (apples.pk, 1))

    assert as_bob.get(f"/api/orders/{order['id']}/").status_code == 404
    assert as_bob.get(f"/api/my-orders/{order['id']}/").status_code == 404
    assert as_bob.post(f"/api/orders/{order['id']}/cancel/").status_code == 404
    assert as_bob.post(f"/api/orders/{order['id']}/confirm-receipt/").status_code == 404
    assert as_bob.get("/api/orders/").json()["results"] == []
    assert as_bob.get("/api/my-orders/").json()["results"] == []
    assert Order.objects.get(pk=order["id"]).status == "awaiting_deposit"


def test_anonymous_callers_get_401_with_the_token_scheme(anonymous):
    response = anonymous.get("/api/orders/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_quantity_above_the_current_stock_is_refused(as_alice, apples):
    response = as_alice.post("/api/orders/", order_body((apples.pk, 11)), format="json")

    assert response.status_code == 400
    assert response.json() == {"items": {"0": {"quantity": ["재고가 10개만 남았습니다."]}}}
    assert nothing_was_written()


@pytest.mark.parametrize(
    "items",
    [
        [],
        [{"product_id": 1, "quantity": 0}],
        [{"product_id": 1, "quantity": -1}],
        [{"product_id": 1, "quantity": 1000}],
        [{"product_id": 1, "quantity": 10**30}],
        [{"product_id": 2**63, "quantity": 1}],
        [{"product_id": 1, "quantity": "2"}],
        [{"product_id": 1, "quantity": 2.0}],
        [{"product_id": 1, "quantity": True}],
        [{"product_id": "1", "quantity": 1}],
        [{"product_id": 1}],
        [{"product_id": 1, "quantity": 1}, {"product_id": 1, "quantity": 2}],
        [{"product_id": n, "quantity": 1} for n in range(1, 52)],
        "apples",
    ],
    ids=[
        "no-lines",
        "zero",
        "negative",
        "too-many",
        "quantity-too-large-to-store",
        "product-id-too-large-to-store",
        "string",
        "float",
        "bool",
        "string-id",
        "no-quantity",
        "duplicate-product",
        "51-lines",
        "not-a-list",
    ],
)
def test_malformed_items_are_refused_naming_the_field(as_alice, apples, items):
    response = as_alice.post("/api/orders/", {"items": items, "shipping_address": "서울"}, format="json")

    assert response.status_code == 400
    assert "items" in response.json()
    assert nothing_was_written()


def test_prices_and_totals_sent_by_the_customer_are_never_used(as_alice, apples):
    line = {"product_id": apples.pk, "quantity": 2, "unit_price": 1, "line_total": 2, "product_name": "공짜"}
    body = {**order_body(), "items": [line], "total": 2}

    order = as_alice.post("/api/orders/", body, format="json").json()

    assert (order["items"][0]["unit_price"], order["items"][0]["product_name"]) == (32000, "사과")
    assert order["total"] == Order.objects.get().total == Payment.objects.get().amount == 64000


def test_unknown_and_inactive_products_are_refused(shop, as_alice, apples):
    retired = shop.product(name="단종 상품", active=False)

    response = as_alice.post("/api/orders/", order_body((apples.pk, 1), (retired.pk, 1), (987654, 1)), format="json")

    assert response.status_code == 400
    lines = response.json()["items"]
    assert set(lines) == {"1", "2"}, "only the lines at fault, by their index"
    assert "product_id" in lines["1"] and "product_id" in lines["2"]
    assert nothing_was_written()


@pytest.mark.parametrize(
    "change",
    [
        {"shipping_address": ""},
        {"shipping_address": "x" * 301},
        {"shipping_address": "a\x00b"},
        {"depositor_name": "d" * 51},
        {"shipping_address": None},
        {"shipping_address": 110},
        {"shipping_address": ["서울"]},
        {"shipping_address": "\u200b"},  # a zero-width space: nothing to see
        {"shipping_address": "\u3164 \u3164"},  # Hangul fillers look like a name and are empty
        {"shipping_address": "서울\u202e011 로대종세"},  # a right-to-left override reorders what the seller reads
        {"shipping_address": "서울\u2028중구"},
        {"depositor_name": "김\ufeff철수"},
    ],
)
def test_bad_text_is_refused(as_alice, apples, change):
    response = as_alice.post("/api/orders/", {**order_body((apples.pk, 1)), **change}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == set(change)
    assert nothing_was_written()


def test_error_messages_are_korean_by_default_and_english_on_request(as_alice, apples):
    body = {"items": [{"product_id": apples.pk, "quantity": 1}]}

    korean = as_alice.post("/api/orders/", body, format="json")
    english = as_alice.post("/api/orders/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert korean.json() == {"shipping_address": ["이 필드는 필수 항목입니다."]}
    assert english.json() == {"shipping_address": ["This field is required."]}
    assert nothing_was_written()


def test_a_long_username_is_cut_to_fit_as_the_depositor_name(shop, apples):
    customer = shop.customer("긴이름" * 50)  # 150 characters, the longest username Django takes

    order = place(shop.client_for(customer), (apples.pk, 1))

    assert order["depositor_name"] == ("긴이름" * 50)[:50]


def test_canceling_an_order_whose_payment_was_canceled_for_short_stock_says_so(shop, as_alice, settings):
    from payments.services import payment_confirm_deposit

    apples = shop.product(stock=1)
    order = place(as_alice, (apples.pk, 1))
    Product.objects.filter(pk=apples.pk).update(stock=0)
    settings.EVENT_TRANSPORT = "tests.support.transports.HeldBackTransport"  # the order has not heard of it yet
    payment_confirm_deposit(order_id=order["id"])

    response = as_alice.post(f"/api/orders/{order['id']}/cancel/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 409
    assert response.json()["detail"] == "The order is already canceled."
