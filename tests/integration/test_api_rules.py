"""Every refusal of SPEC.md through the API: 404 for what is not yours, 409 for the wrong state, 400 for
bad input (with nothing written), and Idempotency-Key on order placement."""

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F
from rest_framework.test import APIClient

from orders.models import Order
from payments.models import Payment
from products.models import Product
from shop.eventbus.models import StoredEvent
from tests.conftest import order_body, place

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def apples(shop):
    return shop.product(name="사과", price=32000, stock=10)


def nothing_was_written():
    return not Order.objects.exists() and not StoredEvent.objects.exists() and not Payment.objects.exists()


# --- 409: not allowed in the current state -------------------------------------------------------------


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


def test_confirming_a_deposit_twice_is_409_and_takes_stock_once(as_alice, as_seller, apples):
    order = place(as_alice, (apples.pk, 4))
    assert as_seller.post(f"/api/payments/{order['id']}/confirm/").status_code == 200

    response = as_seller.post(f"/api/payments/{order['id']}/confirm/")

    assert response.status_code == 409
    assert Product.objects.get(pk=apples.pk).stock == 6


def test_confirming_a_payment_canceled_for_short_stock_is_409(as_alice, as_seller, apples):
    order = place(as_alice, (apples.pk, 4))
    Product.objects.filter(pk=apples.pk).update(stock=1)
    assert as_seller.post(f"/api/payments/{order['id']}/confirm/").json()["status"] == "canceled"

    assert as_seller.post(f"/api/payments/{order['id']}/confirm/").status_code == 409


def test_confirming_before_the_payment_exists_is_404(as_alice, as_seller, apples, settings):
    settings.EVENT_TRANSPORT = "tests.transports.HeldBackTransport"
    order = place(as_alice, (apples.pk, 1))

    assert as_seller.post(f"/api/payments/{order['id']}/confirm/").status_code == 404
    assert as_seller.post("/api/payments/999999/confirm/").status_code == 404


# --- 404: another customer's order tells nothing -------------------------------------------------------


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


def test_only_the_seller_sees_and_confirms_payments(as_alice, as_seller, apples):
    order = place(as_alice, (apples.pk, 1))

    assert as_alice.get("/api/payments/").status_code == 403
    assert as_alice.post(f"/api/payments/{order['id']}/confirm/").status_code == 403
    assert Payment.objects.get(order_id=order["id"]).status == "pending"
    pending = as_seller.get("/api/payments/?status=pending").json()["results"]
    assert [(p["order_id"], p["amount"], p["status"]) for p in pending] == [(order["id"], 32000, "pending")]
    assert as_seller.get("/api/payments/?status=confirmed").json()["results"] == []
    assert as_seller.get("/api/payments/?status=lost").status_code == 400


# --- 400: bad input writes nothing ---------------------------------------------------------------------


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


@pytest.mark.parametrize(
    "body",
    [
        {"name": "배", "price": 10**13, "stock": 1},
        {"name": "배", "price": 1, "stock": 2**31},
        {"name": "배", "price": -1, "stock": 1},
        {"name": "배", "price": 1.5, "stock": 1},
        {"name": "배", "price": "1000", "stock": 1},
        {"name": "", "price": 1, "stock": 1},
        {"name": "배\u0007", "price": 1, "stock": 1},
        {"name": "배", "price": 1, "stock": True},
    ],
    ids=["price-too-large", "stock-too-large", "negative-price", "float", "string", "empty-name", "bell", "bool"],
)
def test_bad_products_are_refused_and_nothing_is_written(as_seller, body):
    response = as_seller.post("/api/products/", body, format="json")

    assert response.status_code == 400
    assert set(response.json()) <= {"name", "price", "stock"}
    assert not Product.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"items": [', "요청 본문이 올바른 JSON이 아닙니다 (1행 12열)."),
        ("[" * 30_000 + "]" * 30_000, "너무 깊은 중첩"),  # deeper than Python's parser recurses
        ('{"items": [{"product_id": 1, "quantity": NaN}]}', "NaN"),
        ('{"items": [{"product_id": 1, "quantity": ' + "9" * 5000 + "}]}", "너무 긴 숫자"),
        (b'{"shipping_address": "\xff"}', "UTF-8"),
        ("null", "JSON 객체"),
        ('["items"]', "JSON 객체"),
        ('"items"', "JSON 객체"),
    ],
    ids=["truncated", "nested-too-deep", "nan", "too-many-digits", "not-utf-8", "null", "array", "string"],
)
def test_a_body_that_is_not_a_json_object_is_400_in_the_customers_language(as_alice, apples, body, message):
    response = as_alice.post("/api/orders/", data=body, content_type="application/json")

    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert nothing_was_written()


def test_a_lone_surrogate_with_an_idempotency_key_is_400_not_500(as_alice, apples):
    line = json.dumps({"product_id": apples.pk, "quantity": 1})
    body = '{"items": [' + line + '], "shipping_address": "a\\ud800"}'  # JSON may spell a lone surrogate

    response = as_alice.post("/api/orders/", data=body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="s1")

    assert response.status_code == 400
    assert set(response.json()) == {"shipping_address"}
    assert nothing_was_written()


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(as_alice, apples, settings):
    body = {**order_body((apples.pk, 1)), "shipping_address": "서울 " + "가" * 30_000}  # about 90 kB of JSON

    response = as_alice.post("/api/orders/", body, format="json")

    assert response.status_code == 400
    assert str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) in response.json()["detail"]
    assert nothing_was_written()


# --- Idempotency-Key -----------------------------------------------------------------------------------


def test_the_same_idempotency_key_returns_the_first_order_and_creates_no_second(as_alice, apples):
    body = order_body((apples.pk, 2))
    first = as_alice.post("/api/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="order-1")
    again = as_alice.post("/api/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="order-1")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert Order.objects.count() == 1
    assert Payment.objects.count() == 1


def test_the_same_idempotency_key_with_another_body_is_422(as_alice, apples):
    as_alice.post("/api/orders/", order_body((apples.pk, 2)), format="json", HTTP_IDEMPOTENCY_KEY="k")

    response = as_alice.post("/api/orders/", order_body((apples.pk, 3)), format="json", HTTP_IDEMPOTENCY_KEY="k")

    assert response.status_code == 422
    assert Order.objects.count() == 1


def test_idempotency_keys_belong_to_one_customer(as_alice, as_bob, apples):
    body = order_body((apples.pk, 1))
    alices = as_alice.post("/api/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="same")
    bobs = as_bob.post("/api/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="same")

    assert alices.json()["id"] != bobs.json()["id"]
    assert Order.objects.count() == 2


def test_idempotency_keys_are_forgotten_after_24_hours(as_alice, apples):
    from datetime import timedelta

    from shop.api.models import IdempotencyRecord

    first = as_alice.post("/api/orders/", order_body((apples.pk, 1)), format="json", HTTP_IDEMPOTENCY_KEY="daily")
    IdempotencyRecord.objects.update(created_at=F("created_at") - timedelta(hours=24, minutes=1))

    again = as_alice.post("/api/orders/", order_body((apples.pk, 2)), format="json", HTTP_IDEMPOTENCY_KEY="daily")

    assert again.status_code == 201
    assert again.json()["id"] != first.json()["id"]


def test_idempotency_keys_are_accepted_on_cancel_receipt_and_confirmation(as_alice, as_seller, apples):
    order = place(as_alice, (apples.pk, 1))
    confirm = [as_seller.post(f"/api/payments/{order['id']}/confirm/", HTTP_IDEMPOTENCY_KEY="c") for _ in range(2)]
    receipt = [as_alice.post(f"/api/orders/{order['id']}/confirm-receipt/", HTTP_IDEMPOTENCY_KEY="r") for _ in range(2)]
    other = place(as_alice, (apples.pk, 1))
    cancel = [as_alice.post(f"/api/orders/{other['id']}/cancel/", HTTP_IDEMPOTENCY_KEY="x") for _ in range(2)]

    for first, repeat in (confirm, receipt, cancel):
        assert (first.status_code, repeat.status_code) == (200, 200), "a repeat with its key replays the answer"
        assert repeat.json() == first.json()
    assert as_alice.post(f"/api/orders/{other['id']}/cancel/").status_code == 409, "without the key: 409"


def test_a_refused_request_does_not_use_up_its_idempotency_key(as_alice, apples):
    body = order_body((apples.pk, 11))
    assert as_alice.post("/api/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="retry").status_code == 400
    apples.refresh_from_db()
    Product.objects.filter(pk=apples.pk).update(stock=20)

    assert as_alice.post("/api/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="retry").status_code == 201


# --- Catalogue -----------------------------------------------------------------------------------------


def test_customers_see_active_products_and_the_seller_sees_all(shop, anonymous, as_alice, as_seller, apples):
    retired = shop.product(name="단종 상품", active=False)

    assert [p["id"] for p in anonymous.get("/api/products/").json()["results"]] == [apples.pk]
    assert [p["id"] for p in as_alice.get("/api/products/").json()["results"]] == [apples.pk]
    assert as_alice.get(f"/api/products/{retired.pk}/").status_code == 404
    assert [p["id"] for p in as_seller.get("/api/products/").json()["results"]] == [apples.pk, retired.pk]


def test_only_the_seller_changes_the_catalogue(as_alice, as_seller, apples):
    assert as_alice.post("/api/products/", {"name": "배", "price": 1, "stock": 1}, format="json").status_code == 403
    assert as_alice.patch(f"/api/products/{apples.pk}/", {"stock": 99}, format="json").status_code == 403

    created = as_seller.post("/api/products/", {"name": "배", "price": 25000, "stock": 7}, format="json")
    changed = as_seller.patch(f"/api/products/{apples.pk}/", {"stock": 99, "active": False}, format="json")

    assert created.status_code == 201
    assert created.json() == {"id": created.json()["id"], "name": "배", "price": 25000, "stock": 7, "active": True}
    assert changed.status_code == 200
    assert (changed.json()["stock"], changed.json()["active"], changed.json()["price"]) == (99, False, 32000)
    assert as_seller.patch(f"/api/products/{apples.pk}/", {"stock": -1}, format="json").status_code == 400


@pytest.mark.parametrize(
    "change",
    [
        {"stock": -1},
        {"stock": 5, "price": "비쌈"},
        {"stock": 2**31},
        {"stock": 5, "active": "yes"},
        {"active": 0},
        {"name": ""},
    ],
)
def test_a_bad_change_to_a_product_changes_nothing(as_seller, apples, change):
    response = as_seller.patch(f"/api/products/{apples.pk}/", change, format="json")

    assert response.status_code == 400
    assert set(response.json()) <= set(change)
    apples.refresh_from_db()
    assert (apples.name, apples.price, apples.stock, apples.active) == ("사과", 32000, 10, True)
    assert not StoredEvent.objects.exists()


# --- Accounts ------------------------------------------------------------------------------------------


def test_a_stranger_registers_gets_a_token_and_orders(anonymous, apples):
    registered = anonymous.post(
        "/api/auth/register/", {"username": "newbie", "password": "correct-horse-battery"}, format="json"
    )
    assert registered.status_code == 201
    assert set(registered.json()) == {"id", "username", "token"}

    token = anonymous.post(
        "/api/auth/token/", {"username": "newbie", "password": "correct-horse-battery"}, format="json"
    ).json()["token"]
    anonymous.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    assert token == registered.json()["token"]
    place(anonymous, (apples.pk, 1))


def test_a_name_that_only_looks_different_is_taken_and_signs_in_as_registered(anonymous, shop):
    shop.customer("Alice")
    fullwidth = {"username": "Ａlice", "password": "long-enough-pass"}  # NFKC makes the Ａ an A

    taken = anonymous.post("/api/auth/register/", fullwidth, format="json")
    registered = anonymous.post("/api/auth/register/", {**fullwidth, "username": "Ｂob"}, format="json")
    signed_in = anonymous.post("/api/auth/token/", {**fullwidth, "username": "Ｂob"}, format="json")

    assert taken.status_code == 400 and "username" in taken.json()
    assert (registered.status_code, registered.json()["username"]) == (201, "Bob")
    lengthened = anonymous.post("/api/auth/register/", {**fullwidth, "username": "\u3300" * 40}, format="json")
    assert lengthened.status_code == 400  # 40 letters, 160 katakana once normalised: too long to store
    assert lengthened.json()["username"] == ["이 필드의 글자 수가 150 이하인지 확인하세요."]
    assert signed_in.json()["token"] == registered.json()["token"]


def test_a_long_username_is_cut_to_fit_as_the_depositor_name(shop, apples):
    customer = shop.customer("긴이름" * 50)  # 150 characters, the longest username Django takes

    order = place(shop.client_for(customer), (apples.pk, 1))

    assert order["depositor_name"] == ("긴이름" * 50)[:50]


def test_registration_refuses_weak_passwords_and_taken_names(anonymous, alice):
    weak = anonymous.post("/api/auth/register/", {"username": "carol", "password": "1234"}, format="json")
    taken = anonymous.post("/api/auth/register/", {"username": "alice", "password": "long-enough-pass"}, format="json")
    wrong = anonymous.post("/api/auth/token/", {"username": "alice", "password": "not-it"}, format="json")

    assert weak.status_code == 400 and "password" in weak.json()
    assert taken.status_code == 400 and "username" in taken.json()
    assert wrong.status_code == 400 and "detail" in wrong.json()


def test_two_registrations_of_one_name_in_different_case_at_the_same_moment_make_one_account(anonymous):
    start = threading.Barrier(2, timeout=10)

    def register(username: str) -> int:
        try:
            start.wait()
            body = {"username": username, "password": "long-enough-pass"}
            return APIClient().post("/api/auth/register/", body, format="json").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = sorted(pool.map(register, ["Carol", "carol"]))

    assert statuses == [201, 400]
    assert get_user_model().objects.filter(username__iexact="carol").count() == 1
