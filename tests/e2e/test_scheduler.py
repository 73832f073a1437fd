"""The Procfile's `scheduler` line, run as `make serve` runs it: the housekeeping jobs run by themselves."""

import pytest

from scheduler.models import Job
from tests.support.stack import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.runtime, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stack(stacks):
    return stacks()


def test_the_scheduler_process_runs_every_scheduled_job(stack):
    stack.scheduler()

    job = wait_until(
        lambda: Job.objects.filter(name="forget_expired_keys", last_finished_at__isnull=False).first(),
        timeout=60,
        message="forget_expired_keys has run",
    )

    assert not job.last_failed, job.last_outcome
    assert job.last_outcome == "0 expired Idempotency-Key(s) forgotten"
    assert job.next_run_at > job.last_started_at
