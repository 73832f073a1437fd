"""The seller's side: every page of the Django admin opens for the seller, and for nobody else."""

import pytest
from django.test import Client

from payments.models import Payment
from tests.support.shop import place

pytestmark = pytest.mark.django_db(transaction=True)


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
        f"/admin/orders/order/{order['id']}/history/",
        "/admin/payments/payment/?deadline=soon",
        "/admin/payments/payment/?deadline=expired",
        "/admin/payments/refund/",
        "/admin/deposits/deposit/",
        "/admin/deposits/deposit/upload/",
    ]

    for page in pages:
        assert admin_client_as_seller.get(page).status_code == 200, page
    order_page = admin_client_as_seller.get(f"/admin/orders/order/{order['id']}/change/").content.decode()
    assert apples.name in order_page, "the order's lines are shown inline"


def test_customers_cannot_enter_the_admin(alice):
    client = Client()
    client.force_login(alice)

    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/payments/payment/").status_code == 302


def test_the_order_history_button_shows_the_audit_trail(shop, as_alice, admin_client_as_seller):
    order = place(as_alice, (shop.product().pk, 1))

    page = admin_client_as_seller.get(f"/admin/orders/order/{order['id']}/history/").content.decode()

    assert "<code>OrderPlaced</code></td>" in page and "<code>PayPlaced</code></td>" in page


def test_the_machinery_is_for_operators_only(shop, admin_client_as_seller, django_user_model):
    index = admin_client_as_seller.get("/admin/").content.decode()
    assert "/admin/eventbus/" not in index and "/admin/scheduler/" not in index
    assert admin_client_as_seller.get("/admin/eventbus/storedevent/").status_code == 403

    operator = Client()
    operator.force_login(django_user_model.objects.create_superuser("operator", password="a-long-test-passphrase"))
    for page in ["/admin/eventbus/storedevent/", "/admin/eventbus/deadletter/", "/admin/scheduler/job/"]:
        assert operator.get(page).status_code == 200, page


def test_the_seller_speaks_korean_and_sees_money_as_money(shop, as_alice, admin_client_as_seller):
    place(as_alice, (shop.product(price=75000).pk, 1))

    page = admin_client_as_seller.get("/admin/payments/payment/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()

    assert "75,000원" in page
    for english in ("Payments", "Cancel reason", "Deposit due at", "Event bus"):
        assert english not in page, english
    assert "입금기한" in page and "결제" in page


def test_view_site_and_the_api_address_lead_somewhere(admin_client_as_seller, anonymous):
    page = admin_client_as_seller.get("/admin/").content.decode()
    assert 'href="/api/docs/"' in page
    response = anonymous.get("/api/")
    assert (response.status_code, response["Location"]) == (302, "/api/docs/")
