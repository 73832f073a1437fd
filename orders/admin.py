from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext, gettext_lazy, ngettext

from audit.display import history_table
from orders.models import Order, OrderLine
from orders.selectors import orders_stuck
from shop.admin_tools import ReadOnlyAdmin, is_seller, money_cell


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    fields = ["product_id", "product_name", "price", "quantity", "subtotal"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=gettext_lazy("unit price"))
    def price(self, line):
        return money_cell(line.unit_price)

    @admin.display(description=gettext_lazy("line total"))
    def subtotal(self, line):
        return money_cell(line.line_total)

    def has_view_permission(self, request, obj=None):
        return is_seller(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["id", "customer", "status", "money", "depositor_name", "created_at", "deposit_due_at"]
    list_filter = ["status"]
    search_fields = ["=id", "customer__username", "depositor_name"]
    list_select_related = ["customer"]
    inlines = [OrderLineInline]
    readonly_fields = [
        "history",
        "customer",
        "status",
        "money",
        "shipping_address",
        "depositor_name",
        "bank_account",
        "created_at",
        "deposit_due_at",
        "updated_at",
        "canceled_at",
        "canceled_by",
        "cancel_reason",
        "closed_at",
    ]

    def changelist_view(self, request, extra_context=None):
        stuck = orders_stuck().count()
        if stuck:
            self.message_user(
                request,
                ngettext(
                    "%(count)d order has sat in an automatic step (payment, stock, delivery) for too long; an "
                    "operator can see why with manage.py saga_doctor.",
                    "%(count)d orders have sat in an automatic step (payment, stock, delivery) for too long; an "
                    "operator can see why with manage.py saga_doctor.",
                    stuck,
                )
                % {"count": stuck},
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)

    exclude = ["total"]

    @admin.display(description=gettext_lazy("total"), ordering="total")
    def money(self, order):
        return money_cell(order.total)

    @admin.display(description=gettext_lazy("history: who did what, and when"))
    def history(self, order):
        return history_table(order.pk)

    def history_view(self, request, object_id, extra_context=None):
        """The page's "history" button: the order's audit trail (its events), which is the whole of its
        history; Django's own log of admin edits is empty, since the seller never edits an order by hand."""
        order = self.get_object(request, object_id)
        if order is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": order,
            "title": gettext("History of order %(id)s") % {"id": order.pk},
            "history": history_table(order.pk),
        }
        return TemplateResponse(request, "admin/orders/order/history.html", context)
