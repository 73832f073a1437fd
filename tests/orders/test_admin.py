"""An order's admin page shows its history: who did what, and when."""

from zoneinfo import ZoneInfo

import pytest

from eventbus.models import StoredEvent
from tests.support.shop import payment_pks, place

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_order_page_shows_who_did_what(shop, as_alice, admin_client_as_seller, seller):
    apples = shop.product(stock=3)
    order = place(as_alice, (apples.pk, 1))
    admin_client_as_seller.post(
        "/admin/payments/payment/", {"action": "confirm_deposit", "_selected_action": payment_pks(order)}
    )

    page = admin_client_as_seller.get(f"/admin/orders/order/{order['id']}/change/").content.decode()

    assert "이력: 누가 언제 무엇을 했는지" in page  # in the shop's language
    assert "<code>PayChecked</code></td><td>판매자</td><td>seller</td>" in page
    assert "<code>OrderPlaced</code></td><td>고객</td><td>alice</td>" in page
    assert "<code>PayPlaced</code></td><td>시스템</td>" in page, "the shop's own steps are not compensations"
    placed = StoredEvent.objects.get(order_id=order["id"], event_type="OrderPlaced").occurred_at
    assert placed.astimezone(ZoneInfo("Asia/Seoul")).strftime("%Y-%m-%d %H:%M:%S KST") in page  # the shop's time
