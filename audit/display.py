"""An order's history as the seller reads it on the order's admin page."""

from __future__ import annotations

from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.actors import BANK_STATEMENT, CUSTOMER, OPERATOR, STAFF, SYSTEM
from audit.history import order_history

COMPENSATION = gettext_lazy("the shop (compensation)")  # a step the shop undid itself: a cancel for short stock
ACTOR_KINDS = {
    CUSTOMER: gettext_lazy("customer"),
    STAFF: gettext_lazy("seller"),
    SYSTEM: gettext_lazy("the shop"),
    OPERATOR: gettext_lazy("an operator (shell)"),
    BANK_STATEMENT: gettext_lazy("the bank statement"),
}


# Each event as the seller reads it; the event's own name follows in small type, for the operators.
EVENT_LABELS = {
    "OrderPlaced": gettext_lazy("order placed"),
    "PayPlaced": gettext_lazy("awaiting deposit"),
    "PayChecked": gettext_lazy("deposit confirmed"),
    "PayCanceled": gettext_lazy("payment canceled"),
    "QtyDecreased": gettext_lazy("stock taken"),
    "DeliveryStarted": gettext_lazy("parcel sent"),
    "OrderClosed": gettext_lazy("receipt confirmed"),
    "OrderCanceled": gettext_lazy("order canceled"),
    "RefundDue": gettext_lazy("refund due"),
    "RefundPaid": gettext_lazy("refund paid"),
}


def event_label(event_type: str) -> str:
    return format_html("{} <code>{}</code>", EVENT_LABELS.get(event_type, event_type), event_type)


def actor_label(entry: dict) -> str:
    if entry["compensation"]:
        return COMPENSATION
    kind = entry["actor"]["kind"]
    return ACTOR_KINDS.get(kind, kind)


def history_table(order_id: int) -> str:
    history = order_history(order_id) or {"entries": []}
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                date_format(localtime(entry["at"]), "Y-m-d H:i:s T"),
                event_label(entry["event"]),
                actor_label(entry),
                entry["actor"]["username"] or entry["actor"].get("transaction_id") or "—",
            )
            for entry in history["entries"]
        ),
    )
    return format_html(
        "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>",
        _("when"),
        _("event"),
        _("by"),
        _("user"),
        rows,
    )
