"""The consumer: each group applies the log in pages from its checkpoint; the position and the effects commit
together; a failing event waits out a backoff, and is parked only for a reason of its own."""

import threading

import psycopg
import pytest
from django.db import OperationalError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from eventbus.consumer import catch_up
from eventbus.locks import hold_group
from eventbus.models import Checkpoint, DeadLetter, StoredEvent
from orderview.models import OrderStatusView
from payments.models import Payment
from tests.support.shop import place

pytestmark = pytest.mark.django_db(transaction=True)

OPEN_PAYMENT = "payments.handlers.create_payment_when_order_placed:OrderPlaced"


@pytest.fixture
def held_back(settings):
    settings.EVENT_TRANSPORT = "tests.support.transports.HeldBackTransport"


def place_many(shop, client, count: int) -> list[dict]:
    apples = shop.product(stock=10_000)
    return [place(client, (apples.pk, 1)) for _ in range(count)]


def test_a_group_applies_the_log_in_pages_and_its_checkpoint_follows(shop, as_alice, held_back, settings):
    settings.EVENTBUS_PAGE_SIZE = 4
    orders = place_many(shop, as_alice, 10)

    report = catch_up("payments")

    assert report.applied == 10 and not report.more
    assert Payment.objects.count() == 10
    last = StoredEvent.objects.filter(event_type="OrderPlaced").order_by("txid", "id").last()
    assert Checkpoint.objects.filter(group="payments").values_list("txid", "event").get() == (last.txid, last.pk)
    assert catch_up("payments").applied == 0
    assert {o["id"] for o in orders} == set(Payment.objects.values_list("order_id", flat=True))


def test_the_read_model_costs_the_same_queries_for_one_event_as_for_a_page(shop, as_alice, held_back):
    place_many(shop, as_alice, 1)
    with CaptureQueriesContext(connection) as one:
        assert catch_up("orderview").applied == 1
    place_many(shop, as_alice, 50)
    with CaptureQueriesContext(connection) as fifty:
        assert catch_up("orderview").applied == 50

    assert len(fifty) == len(one), [q["sql"][:80] for q in fifty.captured_queries]
    assert OrderStatusView.objects.count() == 51


def test_a_failing_event_stops_its_group_before_it_and_is_retried_after_a_backoff(
    shop, as_alice, held_back, monkeypatch
):
    from payments import handlers

    orders = place_many(shop, as_alice, 3)
    real = handlers.services.payment_open_for_order

    def fail_on_the_second(**kwargs):
        if kwargs["order_id"] == orders[1]["id"]:
            raise RuntimeError("the second one fails")
        return real(**kwargs)

    monkeypatch.setattr(handlers.services, "payment_open_for_order", fail_on_the_second)
    report = catch_up("payments")

    assert (report.applied, report.retry_later) == (1, True)
    assert list(Payment.objects.values_list("order_id", flat=True)) == [orders[0]["id"]]
    checkpoint = Checkpoint.objects.get(group="payments")
    assert checkpoint.failures == 1 and checkpoint.retry_at is not None
    assert catch_up("payments").retry_later, "waiting out the backoff"

    monkeypatch.undo()
    Checkpoint.objects.filter(group="payments").update(retry_at=None)
    assert catch_up("payments").applied == 2
    assert Payment.objects.count() == 3


def test_an_event_that_keeps_failing_for_its_own_reason_is_parked_and_the_group_moves_on(
    shop, as_alice, held_back, monkeypatch, settings
):
    from payments import handlers

    settings.EVENTBUS_MAX_ATTEMPTS = 3
    orders = place_many(shop, as_alice, 2)
    real = handlers.services.payment_open_for_order

    def poison(**kwargs):
        if kwargs["order_id"] == orders[0]["id"]:
            raise ValueError("this event can never be applied")
        return real(**kwargs)

    monkeypatch.setattr(handlers.services, "payment_open_for_order", poison)
    for _attempt in range(2):
        assert catch_up("payments").retry_later
        Checkpoint.objects.filter(group="payments").update(retry_at=None)
    report = catch_up("payments")

    assert (report.applied, report.parked) == (2, 1)
    letter = DeadLetter.objects.get()
    assert (letter.subscription, letter.order_id, letter.attempts) == (OPEN_PAYMENT, orders[0]["id"], 3)
    assert letter.next_retry_at is not None, "retried by itself later"
    assert list(Payment.objects.values_list("order_id", flat=True)) == [orders[1]["id"]]


def test_a_database_that_says_not_now_is_waited_out_and_never_parks_an_event(
    shop, as_alice, held_back, monkeypatch, settings
):
    from payments import handlers

    settings.EVENTBUS_MAX_ATTEMPTS = 2
    place_many(shop, as_alice, 1)

    def locked(**kwargs):
        raise OperationalError("canceling statement due to lock timeout")

    monkeypatch.setattr(handlers.services, "payment_open_for_order", locked)
    for _attempt in range(4):
        assert catch_up("payments").retry_later
        Checkpoint.objects.filter(group="payments").update(retry_at=None)

    assert not DeadLetter.objects.exists()
    assert Checkpoint.objects.get(group="payments").failures == 4
    monkeypatch.undo()
    assert catch_up("payments").applied == 1


@pytest.mark.postgres
def test_a_group_held_by_another_worker_is_left_to_it(shop, as_alice, held_back):
    place_many(shop, as_alice, 1)
    catch_up("payments")  # the checkpoint row exists
    place_many(shop, as_alice, 1)  # before the other worker's transaction: not held back by it
    holding, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                hold_group("payments", "default", wait=True)
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert holding.wait(10)
        assert catch_up("payments").busy
    finally:
        release.set()
        thread.join()
    assert catch_up("payments").applied == 1


@pytest.mark.postgres
def test_an_event_behind_an_older_transaction_still_running_waits_for_it(shop, as_alice, held_back, settings):
    """Ids are taken at insert and become visible at commit: reading past an event whose transaction is still
    open would skip it forever. The consumer takes only what every older transaction has left behind."""
    settings.EVENTBUS_HELD_BACK_WAIT = 0.2
    apples = shop.product(stock=10)
    dsn = connection.settings_dict
    older = psycopg.connect(
        host=dsn["HOST"], port=dsn["PORT"] or 5432, user=dsn["USER"], dbname=dsn["NAME"], autocommit=False
    )
    try:
        older.execute("SELECT pg_current_xact_id()")  # a transaction with an id, older than the order's
        place(as_alice, (apples.pk, 1))

        report = catch_up("payments")

        assert (report.applied, report.more) == (0, True)
        older.commit()
        assert catch_up("payments").applied == 1
    finally:
        older.close()
