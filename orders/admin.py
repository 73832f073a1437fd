from django.contrib import admin
from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orders.models import Order, OrderLine
from shop.admin_tools import ReadOnlyAdmin, is_seller
from shop.audit import CUSTOMER, OPERATOR, STAFF, SYSTEM, order_history


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    fields = ["product_id", "product_name", "unit_price", "quantity", "line_total"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return is_seller(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


COMPENSATION = gettext_lazy("the shop (compensation)")  # a cancellation the shop made itself: short stock
ACTOR_KINDS = {
    CUSTOMER: gettext_lazy("customer"),
    STAFF: gettext_lazy("seller"),
    SYSTEM: gettext_lazy("the shop"),
    OPERATOR: gettext_lazy("an operator (shell)"),
}


def actor_label(entry: dict) -> str:
    kind = entry["actor"]["kind"]
    if kind == SYSTEM and entry["event"] in {"PayCanceled", "OrderCanceled"}:
        return COMPENSATION
    return ACTOR_KINDS.get(kind, kind)


def history_table(order_id: int) -> str:
    history = order_history(order_id) or {"entries": []}
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                date_format(localtime(entry["at"]), "Y-m-d H:i:s T"),
                entry["event"],
                actor_label(entry),
                entry["actor"]["username"] or "—",
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


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["id", "customer", "status", "total", "depositor_name", "created_at"]
    list_filter = ["status"]
    search_fields = ["=id", "customer__username", "depositor_name"]
    list_select_related = ["customer"]
    inlines = [OrderLineInline]
    readonly_fields = [
        "history",
        "customer",
        "status",
        "total",
        "shipping_address",
        "depositor_name",
        "bank_account",
        "created_at",
        "updated_at",
        "canceled_at",
        "canceled_by",
        "cancel_reason",
        "closed_at",
    ]

    @admin.display(description=gettext_lazy("history: who did what, and when"))
    def history(self, order):
        return history_table(order.pk)
