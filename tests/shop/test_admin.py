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
        "/admin/eventbus/storedevent/",
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
