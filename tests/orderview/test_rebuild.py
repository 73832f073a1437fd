"""rebuild_orderview: the read model rebuilt from the recorded events equals the live one."""

import pytest

from orderview.models import OrderStatusView
from tests.support.shop import place, poster, run, the_whole_story

pytestmark = pytest.mark.django_db(transaction=True)


def live_rows() -> list[dict]:
    return list(OrderStatusView.objects.order_by("order_id").values())


def test_rebuild_orderview_reproduces_the_live_read_model_exactly(shop, as_alice, as_bob, as_seller):
    the_whole_story(shop, poster(as_alice), poster(as_seller))
    place(as_bob, (shop.product(name="감귤").pk, 1))  # still awaiting its deposit
    live = live_rows()
    assert {row["status"] for row in live} == {"closed", "awaiting_deposit", "canceled"}

    OrderStatusView.objects.all().delete()
    out = run("rebuild_orderview")

    assert "4" in out
    assert live_rows() == live
