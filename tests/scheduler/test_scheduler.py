"""The scheduler runs the housekeeping of SCHEDULED_COMMANDS; a job that fails stops nothing."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.utils import timezone

from scheduler.services import jobs_run_due
from shop.api.models import IdempotencyRecord
from tests.support.shop import order_body, run

pytestmark = pytest.mark.django_db(transaction=True)


def test_expired_idempotency_keys_are_forgotten_by_the_scheduler(shop, as_alice, as_bob, settings):
    apples = shop.product(stock=10)
    for client, key in ((as_alice, "old"), (as_alice, "new"), (as_bob, "old")):
        client.post("/api/orders/", order_body((apples.pk, 1)), format="json", HTTP_IDEMPOTENCY_KEY=key)
    IdempotencyRecord.objects.filter(key="old").update(created_at=F("created_at") - timedelta(hours=24, minutes=1))
    settings.SCHEDULED_COMMANDS = {"no_such_command": 60, "forget_expired_keys": 3600}  # one failing stops nothing

    run("run_scheduler", "--once")

    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]
    output = StringIO()
    call_command("forget_expired_keys", stdout=output)
    assert output.getvalue() == "0 expired Idempotency-Key(s) forgotten\n"


@pytest.mark.postgres
def test_two_schedulers_at_the_same_moment_run_each_job_once(settings):
    settings.SCHEDULED_COMMANDS = {"forget_expired_keys": 60}
    now = timezone.now()
    start = threading.Barrier(2, timeout=10)

    def scheduler() -> int:
        try:
            start.wait()
            return len(jobs_run_due(now=now))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda _: scheduler(), range(2)))

    assert sorted(runs) == [0, 1]
    assert jobs_run_due(now=now + timedelta(seconds=59)) == [], "not due again before its interval"
    assert [job.name for job in jobs_run_due(now=now + timedelta(seconds=60))] == ["forget_expired_keys"]


def test_a_failed_job_is_recorded_and_runs_again_at_its_next_time(settings):
    settings.SCHEDULED_COMMANDS = {"no_such_command": 60}
    now = timezone.now()

    [job] = jobs_run_due(now=now)

    assert job.last_failed and "no_such_command" in job.last_outcome
    assert job.next_run_at == now + timedelta(seconds=60)
