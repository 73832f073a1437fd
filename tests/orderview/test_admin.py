"""The read model in the admin: for looking only."""

import pytest

from tests.support.shop import place

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_read_model_is_read_only_in_the_admin(shop, as_alice, admin_client_as_seller):
    apples = shop.product(stock=3)
    order = place(as_alice, (apples.pk, 1))

    assert admin_client_as_seller.get("/admin/orderview/orderstatusview/add/").status_code == 403
    assert admin_client_as_seller.post(f"/admin/orderview/orderstatusview/{order['id']}/delete/").status_code == 403
