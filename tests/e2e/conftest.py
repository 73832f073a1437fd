"""The fixture of the real-process tests: stacks of the Procfile's processes (tests/support/stack.py)."""

from __future__ import annotations

import pytest

from tests.support.stack import Stack, django_database_url


@pytest.fixture
def stacks(tmp_path, request):
    """Makes stacks, each in a log folder of its own, on the test database unless told another; with
    `redis=True`, its own redis-server, started. All are stopped at the end, and their logs shown when the
    test failed."""
    started: list[Stack] = []

    def stack(name: str = "stack", *, database_url: str | None = None, redis: bool = False, **env: str) -> Stack:
        started.append(Stack(tmp_path / name, database_url or django_database_url(), redis=redis, **env))
        if redis:
            started[-1].redis.start()
        return started[-1]

    yield stack
    for each in started:
        each.stop()
    outcome = getattr(request.node, "rep_call", None)
    if outcome is not None and outcome.failed:
        for each in started:
            print(each.logs())  # shown with the failure
