"""Applying the event log, one group of subscriptions at a time, a page per transaction.

A group (a context's queue, eventbus/subscriptions.py) keeps a checkpoint: the position (txid, id) of the
last event it applied. `catch_up(group)` reads the events past it, in order, a page at a time, and in one
transaction runs every subscription of the group on the page and moves the checkpoint; the effects and the
new position commit together, which is what makes each event take effect exactly once per subscription,
however often a group is woken, whichever worker dies in the middle. This is how Marten's async daemon,
EventStoreDB's catch-up subscriptions and Axon's tracking processors work.

Reading in order is safe because a page only holds events whose transaction is older than every
transaction still running (eventbus.models.OldestRunningTransaction): an event whose transaction commits
later can only appear past the checkpoint, never behind it. Events committed but held back by an older
transaction still open are waited for briefly (EVENTBUS_HELD_BACK_WAIT), then left to the next wake-up.

Failures. A page runs inside a savepoint; if a handler raises, the page is applied again event by event.
The checkpoint stops before the failing event and the group tries again after a backoff (1 s, doubling up
to EVENTBUS_RETRY_MAX_COUNTDOWN). A database that says "not now" (a lock or statement timeout, a lost
connection) is waited out for as long as it lasts, since every other event would meet it too; any other
error is the event's own, and after EVENTBUS_MAX_ATTEMPTS it is parked as a dead letter for the failing
subscription, and the group moves on.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Q
from django.utils import timezone

from eventbus import codec
from eventbus.dead_letters import dead_letter_park
from eventbus.events import DomainEvent
from eventbus.locks import hold_group
from eventbus.models import Checkpoint, OldestRunningTransaction, StoredEvent
from eventbus.subscriptions import Group, Subscription, group_named
from shop.breakers import counts_as_failure
from shop.errors import ServiceUnavailable

logger = logging.getLogger(__name__)

EVENT_COLUMNS = ["id", "txid", "event_id", "event_type", "order_id", "occurred_at", "payload"]


@dataclasses.dataclass
class CatchUp:
    """What one catch-up did: events applied, and why it stopped."""

    applied: int = 0
    parked: int = 0
    busy: bool = False  # another process holds the group: it re-checks after its last page
    retry_later: bool = False  # an event failed: the group waits for its backoff
    more: bool = False  # stopped by the time budget with events left
    held_back: float = 0.0  # seconds spent waiting for events behind a transaction still running

    def __str__(self) -> str:
        state = "busy" if self.busy else "retry later" if self.retry_later else "more left" if self.more else "done"
        return f"{self.applied} applied, {self.parked} parked, {state}, {self.held_back * 1000:.0f} ms held back"


@dataclasses.dataclass
class _Page:
    applied: int = 0
    parked: int = 0
    full: bool = False
    held_back: bool = False
    busy: bool = False
    retry_later: bool = False


def retry_countdown(attempt: int) -> float:
    """Exponential backoff with jitter: 1 s, 2 s, 4 s … up to EVENTBUS_RETRY_MAX_COUNTDOWN."""
    return min(2 ** (attempt - 1), settings.EVENTBUS_RETRY_MAX_COUNTDOWN) * random.uniform(0.8, 1.0)  # noqa: S311


def is_transient(error: BaseException) -> bool:
    """The database (or a breaker in front of it) says "not now": nothing about the event itself."""
    return isinstance(error, ServiceUnavailable) or counts_as_failure(error)


def catch_up(group_name: str, *, budget: float | None = None) -> CatchUp:
    """Applies every committed event the group has not applied yet. Stops when none is left, when another
    process holds the group, when an event failed (until its backoff), or after `budget` seconds."""
    group = group_named(group_name)
    budget = settings.EVENTBUS_CATCH_UP_BUDGET if budget is None else budget
    report = CatchUp()
    started = time.monotonic()
    held_back_since: float | None = None
    pause = 0.001
    while True:
        page = _apply_page(group)
        report.applied += page.applied
        report.parked += page.parked
        if page.busy or page.retry_later:
            report.busy, report.retry_later = page.busy, page.retry_later
            return report
        if time.monotonic() - started > budget and (page.full or page.held_back):
            report.more = True
            return report
        if page.full:
            continue
        if page.held_back:
            # Committed, but behind a transaction still running: it ends within milliseconds as a rule. Look
            # again after 2, 4, 8 … up to 50 ms: many catch-ups waiting at once (forty requests confirming
            # together, in-process) must not bury the database in looks.
            held_back_since = held_back_since or time.monotonic()
            report.held_back = time.monotonic() - held_back_since
            if report.held_back < settings.EVENTBUS_HELD_BACK_WAIT:
                pause = min(pause * 2, 0.05)
                time.sleep(pause)
                continue
            report.more = True
            return report
        # The last page is applied and the group's lock released. An event that committed after that page
        # was read may have had its wake-up turned away as "busy" meanwhile: look once more.
        if not pending(group):
            return report


def pending(group: Group) -> bool:
    """Whether events past the group's checkpoint are visible now (applicable or held back)."""
    checkpoint = _checkpoint(group)
    return _after(group, checkpoint).exists()


def _after(group: Group, checkpoint: Checkpoint):
    return StoredEvent.objects.using(DEFAULT_DB_ALIAS).filter(
        Q(txid__gt=checkpoint.txid) | Q(txid=checkpoint.txid, id__gt=checkpoint.event),
        event_type__in=group.event_types(),
    )


def _checkpoint(group: Group) -> Checkpoint:
    """The group's checkpoint, created at the start of the log the first time."""
    checkpoints = Checkpoint.objects.using(group.database)
    found = checkpoints.filter(group=group.name).first()
    if found is None:
        checkpoints.bulk_create([Checkpoint(group=group.name)], ignore_conflicts=True)
        found = checkpoints.get(group=group.name)
    return found


def _apply_page(group: Group) -> _Page:
    page_size = settings.EVENTBUS_PAGE_SIZE
    # A look without the lock first: taking the lock writes (the row's lock mark), every commit that wrote
    # waits for the disk, and under load most wake-ups find that another catch-up took their events already.
    seen = _checkpoint(group)
    if seen.retry_at is not None and seen.retry_at > timezone.now():
        return _Page(retry_later=True)
    after = _after(group, seen)
    if not after.filter(txid__lt=OldestRunningTransaction()).exists():
        return _Page(held_back=after.exists())
    with transaction.atomic(using=group.database):
        _commit_without_waiting_for_the_disk(group.database)
        if not hold_group(group.name, group.database, wait=False):
            return _Page(busy=True)
        checkpoint = _checkpoint(group)
        if checkpoint.retry_at is not None and checkpoint.retry_at > timezone.now():
            return _Page(retry_later=True)
        after = _after(group, checkpoint)
        rows = list(
            after.filter(txid__lt=OldestRunningTransaction()).order_by("txid", "id").only(*EVENT_COLUMNS)[:page_size]
        )
        if not rows:
            return _Page(held_back=after.exists())
        try:
            with transaction.atomic(using=group.database):  # a savepoint: a failure keeps the lock
                applied = _apply(group, [codec.from_outbox(row) for row in rows], budget=_page_time(len(rows)))
        except Exception as error:  # any handler's error: found, and dealt with, one event at a time below
            logger.info("%s: a page failed (%s); applying it event by event", group.name, type(error).__name__)
            return _apply_one_by_one(group, checkpoint, rows)
        _move(checkpoint, rows[applied - 1])
        checkpoint.save()
        return _Page(applied=applied, full=applied == page_size or applied < len(rows))


def _page_time(rows: int) -> float:
    """How long a page may run its handlers. Near the head of the log, briefly: every event committed after
    the page's first write waits for its commit (the read model's lag under steady load is mostly this). A
    full page means a backlog, where throughput matters more: longer pages, fewer commits."""
    return settings.EVENTBUS_BACKLOG_PAGE_TIME if rows >= settings.EVENTBUS_PAGE_SIZE else settings.EVENTBUS_PAGE_TIME


def _commit_without_waiting_for_the_disk(database: str) -> None:
    """PostgreSQL's `synchronous_commit = off` for this transaction only. Safe here, and only here: a crash can
    lose the last fraction of a second of such commits, but a page's effects and its checkpoint are lost
    together, so the group applies those events again from the outbox, whose rows were committed durably.
    Any durable commit that read these effects (the seller confirming a payment a page opened) flushes them
    first, since the log is written in order. It halves the disk flushes of the whole saga under load."""
    connection = transaction.get_connection(database)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _apply(group: Group, events: Sequence[DomainEvent], *, budget: float) -> int:
    """Every subscription of the group on the events, in order, until `budget` seconds are spent (a page's
    transaction holds back the events committed after its first write: it stays short); a batch handler
    gets all of its events at once (one handler may be subscribed to several event types: still one batch).
    Returns how many events were applied, at least one."""
    started = time.monotonic()
    batches: dict[object, list[DomainEvent]] = {}
    applied = 0
    for event in events:
        for subscription in group.subscriptions_for(type(event)):
            if subscription.batch_handler is not None:
                batches.setdefault(subscription.batch_handler, []).append(event)
            else:
                subscription.handler(event)
        applied += 1
        if time.monotonic() - started > budget:
            break
    for batch_handler, batch in batches.items():
        batch_handler(batch)
    return applied


def _apply_one_by_one(group: Group, checkpoint: Checkpoint, rows: list[StoredEvent]) -> _Page:
    """The page again, one event per savepoint, to find the event that fails and the subscription it fails in."""
    page = _Page()
    for row in rows:
        event = codec.from_outbox(row)
        parked: set[str] = set()
        while True:
            running: Subscription | None = None
            try:
                with transaction.atomic(using=group.database):
                    for subscription in group.subscriptions_for(type(event)):
                        if subscription.name not in parked:
                            running = subscription
                            subscription.apply([event])
                break
            except Exception as error:
                attempts = checkpoint.failures + 1 if checkpoint.failing_event == row.pk else 1
                if is_transient(error) or attempts < settings.EVENTBUS_MAX_ATTEMPTS:
                    _fail(checkpoint, row, error, attempts, running)
                    checkpoint.save()
                    page.retry_later = True
                    return page
                dead_letter_park(
                    subscription_name=running.name,
                    message=codec.encode(event),
                    error=error,
                    attempts=attempts,
                    using=group.database,
                )
                parked.add(running.name)
                page.parked += 1
        _move(checkpoint, row)
        page.applied += 1
    checkpoint.save()
    return page


def _fail(checkpoint: Checkpoint, row: StoredEvent, error: BaseException, attempts: int, failing: Subscription) -> None:
    checkpoint.failing_event = row.pk
    checkpoint.failures = attempts
    checkpoint.retry_at = timezone.now() + timedelta(seconds=retry_countdown(attempts))
    checkpoint.last_error = f"{failing.name} on {row.event_type} {row.event_id}: {type(error).__name__}: {error}"
    log = logger.warning if is_transient(error) else logger.error
    log("%s: attempt %d failed; retrying after a backoff: %s", checkpoint.group, attempts, checkpoint.last_error)


def _move(checkpoint: Checkpoint, row: StoredEvent) -> None:
    checkpoint.txid, checkpoint.event = row.txid, row.pk
    checkpoint.failing_event, checkpoint.failures, checkpoint.retry_at, checkpoint.last_error = None, 0, None, ""


@dataclasses.dataclass
class Lag:
    """How far a group is behind the log."""

    group: str
    behind: int | None  # events not applied yet (None: not counted)
    oldest_recorded_at: datetime | None  # when the oldest of them was recorded
    checkpoint_moved_at: datetime
    retry_at: datetime | None  # waiting out a backoff until then
    failing: str  # the error that stopped it, if one did


def lag(group: Group, *, count: bool = True) -> Lag:
    checkpoint = _checkpoint(group)
    behind = _after(group, checkpoint)
    return Lag(
        group=group.name,
        behind=behind.count() if count else None,
        oldest_recorded_at=behind.order_by("txid", "id").values_list("recorded_at", flat=True).first(),
        checkpoint_moved_at=checkpoint.updated_at,
        retry_at=checkpoint.retry_at,
        failing=checkpoint.last_error,
    )


def rebuild(group_name: str, *, reset: Callable[[], object], apply: Callable[[Iterable[DomainEvent]], object]) -> int:
    """Replays the whole log into a group that starts over: `reset` empties what the group writes, `apply`
    takes every event the group subscribes to, in order, and the checkpoint moves to the last of them, all in
    one transaction. Waits for a catch-up in progress to finish; the events committed meanwhile are applied
    by the next one. Returns the number of events replayed."""
    group = group_named(group_name)
    with transaction.atomic(using=group.database):
        hold_group(group.name, group.database, wait=True)
        checkpoint = _checkpoint(group)
        reset()
        start = Checkpoint(group=group.name)
        rows = _after(group, start).filter(txid__lt=OldestRunningTransaction()).order_by("txid", "id")
        replayed = 0

        def events() -> Iterator[DomainEvent]:
            nonlocal replayed
            for row in rows.only(*EVENT_COLUMNS).iterator(chunk_size=2000):
                replayed += 1
                _move(checkpoint, row)
                yield codec.from_outbox(row)

        checkpoint.txid, checkpoint.event = 0, 0
        checkpoint.failing_event, checkpoint.failures, checkpoint.retry_at, checkpoint.last_error = None, 0, None, ""
        apply(events())
        checkpoint.save()
    return replayed
