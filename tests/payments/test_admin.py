"""The seller's payments in the Django admin: the "Confirm deposit" action and the filters."""

import pytest

from payments.models import Payment
from products.models import Product
from tests.support.shop import payment_pks, place

pytestmark = pytest.mark.django_db(transaction=True)


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
    assert "<code>PayCanceled</code></td><td>시스템 (보상 처리)</td>" in page
    assert "<code>OrderCanceled</code></td><td>시스템 (보상 처리)</td>" in page


def test_payments_can_be_filtered_by_status(shop, as_alice, admin_client_as_seller):
    apples = shop.product(stock=3)
    pending = place(as_alice, (apples.pk, 1))
    canceled = place(as_alice, (apples.pk, 1))
    as_alice.post(f"/api/orders/{canceled['id']}/cancel/")

    page = admin_client_as_seller.get("/admin/payments/payment/?status__exact=pending")

    shown = [payment.order_id for payment in page.context["cl"].result_list]
    assert shown == [pending["id"]]
