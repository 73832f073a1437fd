"""The catalogue in the admin: the seller edits stock and price in the product list."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


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
