"""The seller's side: the Django admin, driven with Django's test client."""

from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from payments.models import Payment
from products.models import Product
from shop.eventbus.models import StoredEvent
from tests.conftest import place

pytestmark = pytest.mark.django_db(transaction=True)


def payment_pks(*orders) -> list[int]:
    """The admin selects rows by their primary key: the payments', not the orders' ids."""
    return [Payment.objects.get(order_id=order["id"]).pk for order in orders]


@pytest.fixture
def admin_client_as_seller(seller) -> Client:
    client = Client()
    client.force_login(seller)
    return client


def test_confirm_deposit_action_reports_per_order_what_happened(shop, as_alice, admin_client_as_seller):
    apples = shop.product(stock=3)
    confirmed = place(as_alice, (apples.pk, 2))
    short = place(as_alice, (apples.pk, 2))
    canceled = place(as_alice, (apples.pk, 1))
    as_alice.post(f"/api/orders/{canceled['id']}/cancel/")

    response = admin_client_as_seller.post(
        "/admin/payments/payment/",
        {"action": "confirm_deposit", "_selected_action": payment_pks(confirmed, short, canceled)},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 3
    assert f"Order {confirmed['id']}: deposit confirmed" in messages[0]
    assert f"Order {short['id']}: out of stock" in messages[1]
    assert f"Order {canceled['id']}: not confirmed" in messages[2]
    assert Payment.objects.get(order_id=confirmed["id"]).status == "confirmed"
    assert Payment.objects.get(order_id=short["id"]).cancel_reason == "out_of_stock"
    assert Product.objects.get(pk=apples.pk).stock == 1
    assert as_alice.get(f"/api/my-orders/{short['id']}/").json()["status"] == "canceled"
    page = admin_client_as_seller.get(f"/admin/orders/order/{short['id']}/change/").content.decode()
    assert "<td>PayCanceled</td><td>시스템 (보상 처리)</td>" in page
    assert "<td>OrderCanceled</td><td>시스템 (보상 처리)</td>" in page


def test_payments_can_be_filtered_by_status(shop, as_alice, admin_client_as_seller):
    apples = shop.product(stock=3)
    pending = place(as_alice, (apples.pk, 1))
    canceled = place(as_alice, (apples.pk, 1))
    as_alice.post(f"/api/orders/{canceled['id']}/cancel/")

    page = admin_client_as_seller.get("/admin/payments/payment/?status__exact=pending")

    shown = [payment.order_id for payment in page.context["cl"].result_list]
    assert shown == [pending["id"]]


def test_every_seller_page_opens(shop, as_alice, admin_client_as_seller):
    apples = shop.product(stock=3)
    order = place(as_alice, (apples.pk, 1))
    pages = [
        "/admin/",
        "/admin/orders/order/",
        f"/admin/orders/order/{order['id']}/change/",
        "/admin/orders/order/?status__exact=awaiting_deposit",
        "/admin/payments/payment/",
        f"/admin/payments/payment/{Payment.objects.get(order_id=order['id']).pk}/change/",
        "/admin/products/product/",
        f"/admin/products/product/{apples.pk}/change/",
        "/admin/deliveries/delivery/",
        "/admin/orderview/orderstatusview/",
        f"/admin/orderview/orderstatusview/{order['id']}/change/",
        "/admin/eventbus/storedevent/",
    ]

    for page in pages:
        assert admin_client_as_seller.get(page).status_code == 200, page
    order_page = admin_client_as_seller.get(f"/admin/orders/order/{order['id']}/change/").content.decode()
    assert apples.name in order_page, "the order's lines are shown inline"


def test_the_read_model_is_read_only_in_the_admin(shop, as_alice, admin_client_as_seller):
    apples = shop.product(stock=3)
    order = place(as_alice, (apples.pk, 1))

    assert admin_client_as_seller.get("/admin/orderview/orderstatusview/add/").status_code == 403
    assert admin_client_as_seller.post(f"/admin/orderview/orderstatusview/{order['id']}/delete/").status_code == 403


def test_the_seller_edits_stock_and_price_in_the_product_list(shop, admin_client_as_seller):
    apples = shop.product(price=32000, stock=3)

    response = admin_client_as_seller.post(
        "/admin/products/product/",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(apples.pk),
            "form-0-price": "30000",
            "form-0-stock": "40",
            "form-0-active": "on",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    apples.refresh_from_db()
    assert (apples.price, apples.stock) == (30000, 40)


def test_customers_cannot_enter_the_admin(alice):
    client = Client()
    client.force_login(alice)

    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/payments/payment/").status_code == 302


def test_the_order_page_shows_who_did_what(shop, as_alice, admin_client_as_seller, seller):
    apples = shop.product(stock=3)
    order = place(as_alice, (apples.pk, 1))
    admin_client_as_seller.post(
        "/admin/payments/payment/", {"action": "confirm_deposit", "_selected_action": payment_pks(order)}
    )

    page = admin_client_as_seller.get(f"/admin/orders/order/{order['id']}/change/").content.decode()

    assert "이력: 누가 언제 무엇을 했는지" in page  # in the shop's language
    assert "<td>PayChecked</td><td>판매자</td><td>seller</td>" in page
    assert "<td>OrderPlaced</td><td>고객</td><td>alice</td>" in page
    assert "<td>PayPlaced</td><td>시스템</td>" in page, "the shop's own steps are not compensations"
    placed = StoredEvent.objects.get(order_id=order["id"], event_type="OrderPlaced").occurred_at
    assert placed.astimezone(ZoneInfo("Asia/Seoul")).strftime("%Y-%m-%d %H:%M:%S KST") in page  # the shop's time
