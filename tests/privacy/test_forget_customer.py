"""A customer who asks to be forgotten (개인정보 보호법): `forget_customer` removes the person's name, addresses,
depositor names and account details from every table that held them, keeps the orders and the money, and the
account can never sign in again."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError
from django.db import models
from django.test import Client
from rest_framework.test import APIClient

from eventbus import codec
from eventbus.dead_letters import dead_letter_park
from eventbus.models import DeadLetter, StoredEvent
from orders.models import Order
from shop.personal_data import FORGOTTEN
from tests.support.shop import order_body, place, poster, run, the_whole_story

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS, DEPOSITOR = "부산시 해운대구 우동 1234-5 비밀아파트 101동", "김비밀"


def rows_holding(value: str) -> list[str]:
    """Every row of every table, in every app, whose text or JSON holds `value`."""
    found = []
    for model in apps.get_models():
        text = [f.name for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
        for name in text:
            if model.objects.filter(**{f"{name}__contains": value}).exists():
                found.append(f"{model._meta.label}.{name}")
        for field in (f for f in model._meta.concrete_fields if isinstance(f, models.JSONField)):
            if any(value in str(payload) for payload in model.objects.values_list(field.name, flat=True)):
                found.append(f"{model._meta.label}.{field.name}")
    return found


def test_forget_customer_leaves_no_trace_of_the_person_and_keeps_the_orders(shop, as_seller):
    customer = get_user_model().objects.create_user(username="secretperson", password="a-long-test-passphrase")
    client = shop.client_for(customer)
    story = the_whole_story(shop, poster(client), poster(as_seller))
    account = {"bank": "신한은행", "account_number": "110-987-654321", "holder": DEPOSITOR}
    assert client.put(f"/api/orders/{story['short']}/refund-account/", account, format="json").status_code == 200
    response = client.post(
        "/api/orders/",
        order_body((shop.product(name="감귤").pk, 1), address=ADDRESS, depositor_name=DEPOSITOR),
        format="json",
        HTTP_IDEMPOTENCY_KEY="with-personal-data",
    )
    assert response.status_code == 201
    line = {"transaction_id": "T-1", "deposited_at": "2026-12-01T10:00:00+09:00", "depositor_name": DEPOSITOR}
    matched = as_seller.post("/api/deposits/", {**line, "amount": response.json()["total"]}, format="json").json()
    assert matched["order_id"] == response.json()["id"]
    placed = StoredEvent.objects.get(order_id=response.json()["id"], event_type="OrderPlaced")
    dead_letter_park(  # a handler gave up on the order's OrderPlaced, which holds the address
        subscription_name="payments.handlers.create_payment_when_order_placed:OrderPlaced",
        message=codec.encode(codec.from_outbox(placed)),
        error=TimeoutError("lock timeout"),
        attempts=5,
    )
    old_pay_placed = StoredEvent.objects.get(order_id=response.json()["id"], event_type="PayPlaced")
    old_pay_placed.payload["depositor_name"] = DEPOSITOR  # as PayPlaced was recorded before it dropped the name
    old_pay_placed.save()
    token = shop.token_of(customer)
    orders_before = list(Order.objects.order_by("pk").values_list("pk", "status", "total"))
    for value in ("secretperson", ADDRESS, DEPOSITOR):
        assert rows_holding(value), f"the test puts {value} somewhere first"

    out = run("forget_customer", "secretperson")

    assert "4 orders" in out
    for value in ("secretperson", ADDRESS, DEPOSITOR, "서울시 중구 세종대로 110", "110-987-654321"):
        assert rows_holding(value) == [], value
    assert list(Order.objects.order_by("pk").values_list("pk", "status", "total")) == orders_before
    assert DeadLetter.objects.get().message["payload"]["shipping_address"] == FORGOTTEN, "the letter stays"
    assert APIClient(HTTP_AUTHORIZATION=f"Token {token}").get("/api/my-orders/").status_code == 401
    signed_in = APIClient().post(
        "/api/auth/token/", {"username": "secretperson", "password": "a-long-test-passphrase"}, format="json"
    )
    assert signed_in.status_code == 400
    history = as_seller.get(f"/api/audit/orders/{orders_before[0][0]}/").json()["entries"]
    assert [entry["event"] for entry in history][:2] == ["OrderPlaced", "PayPlaced"], "the audit trail stays"
    run("rebuild_orderview")  # the event history still replays


def test_forget_customer_names_a_user_that_does_not_exist():
    with pytest.raises(CommandError, match="no user named"):
        run("forget_customer", "nobody")


def test_the_shops_owner_forgets_a_customer_in_the_admin(shop, alice, django_user_model):
    """Accounts are Django's own admin, by permission: the owner (a superuser, as seed_demo's seller is)."""
    seller = django_user_model.objects.create_superuser(username="owner", password="a-long-test-passphrase")
    place(shop.client_for(alice), (shop.product().pk, 1))
    admin = Client()
    admin.force_login(seller)

    response = admin.post("/admin/auth/user/", {"action": "forget", "_selected_action": [alice.pk, seller.pk]})

    assert response.status_code == 302
    alice.refresh_from_db()
    seller.refresh_from_db()
    assert (alice.username, alice.is_active) == (f"forgotten-{alice.pk}", False)
    assert seller.username == "owner", "staff are not customers: never forgotten this way"
