"""The catalogue in the admin: the seller edits prices in the product list, and changes the stock by an
amount on the product's page, never by typing a level that a deposit confirmed meanwhile would undo."""

import pytest

from payments.services import payment_confirm_deposit
from products.models import StockMovement
from tests.support.shop import place

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_seller_edits_prices_in_the_product_list_but_not_the_stock(shop, admin_client_as_seller):
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
            "form-0-stock": "40",  # not a field of the list: ignored
            "form-0-active": "on",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    apples.refresh_from_db()
    assert (apples.price, apples.stock) == (30000, 3)


def test_a_stock_change_never_undoes_a_deposit_confirmed_while_the_form_was_open(
    shop, as_alice, admin_client_as_seller, seller
):
    apples = shop.product(name="사과", price=32000, stock=100)
    order = place(as_alice, (apples.pk, 2))
    page = f"/admin/products/product/{apples.pk}/change/"
    assert "stock_change" in admin_client_as_seller.get(page).content.decode()  # the seller opens the form …
    payment_confirm_deposit(order_id=order["id"])  # … a deposit is confirmed meanwhile: 100 → 98 …

    response = admin_client_as_seller.post(  # … and the seller saves a new price and 10 received
        page,
        {"name": "사과", "price": "30000", "active": "on", "stock": "100", "stock_change": "10",
         "stock_change_reason": "입고"},
    )  # fmt: skip

    assert response.status_code == 302
    apples.refresh_from_db()
    assert (apples.price, apples.stock) == (30000, 108)
    received = StockMovement.objects.get(product=apples, order_id=None)
    assert (received.quantity, received.reason, received.created_by) == (10, "입고", seller)


def test_a_stock_change_needs_a_reason_and_cannot_take_more_than_there_is(shop, admin_client_as_seller):
    apples = shop.product(name="사과", stock=3)
    page = f"/admin/products/product/{apples.pk}/change/"
    form = {"name": "사과", "price": "32000", "active": "on"}

    without_reason = admin_client_as_seller.post(page, {**form, "stock_change": "-1"})
    too_many = admin_client_as_seller.post(
        page, {**form, "stock_change": "-5", "stock_change_reason": "파손"}, follow=True
    )

    assert (
        without_reason.status_code == 200 and "stock_change_reason" in without_reason.context["adminform"].form.errors
    )
    assert "재고가 3개만 남았습니다." in too_many.content.decode()
    apples.refresh_from_db()
    assert apples.stock == 3
    assert not StockMovement.objects.exists()
