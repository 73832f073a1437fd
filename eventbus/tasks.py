"""Celery's door into the event bus: a thin task that lets one group catch up with the log."""

from __future__ import annotations

from celery import shared_task

from eventbus import consumer
from eventbus.bus import transport, wake
from eventbus.subscriptions import subscription_named


@shared_task(name="eventbus.catch_up")
def catch_up(group_name: str) -> str:
    transport().awake(group_name)
    report = consumer.catch_up(group_name)
    if report.more:  # the time budget ran out with events left: queue behind the other groups' work
        wake([group_name], force=True)
    return f"{group_name}: {report}"


@shared_task(name="eventbus.deliver_event")
def deliver_event(subscription_name: str, message: dict) -> None:
    """The previous release's task (one per subscription and event), still sent by its processes while a
    rolling deploy replaces them: it wakes the subscription's group, which applies the event in order."""
    group = subscription_name_group(subscription_name)
    if group is not None:
        wake([group], force=True)


def subscription_name_group(subscription_name: str) -> str | None:
    try:
        return subscription_named(subscription_name).queue
    except KeyError:
        return None
