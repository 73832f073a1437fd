"""Small pieces shared by the admin of every context."""

from django.contrib import admin
from django.utils.html import format_html

from shop.money import won


def is_seller(request) -> bool:
    return bool(request.user.is_active and request.user.is_staff)


class SellerAdmin(admin.ModelAdmin):
    """Any staff user is the seller (SPEC.md), so the seller needs no per-model permissions. Nothing is
    deleted from the admin: products are deactivated, and orders and payments are history."""

    def has_module_permission(self, request):
        return is_seller(request)

    def has_view_permission(self, request, obj=None):
        return is_seller(request)

    def has_add_permission(self, request):
        return is_seller(request)

    def has_change_permission(self, request, obj=None):
        return is_seller(request)

    def has_delete_permission(self, request, obj=None):
        return False


def is_operator(request) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


class ReadOnlyAdmin(SellerAdmin):
    """Rows that only services and event handlers write: the seller looks, and acts through actions."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OperatorAdmin(ReadOnlyAdmin):
    """The machinery behind the shop (the event log, its checkpoints and dead letters, the scheduler): shown to
    operators (superusers) only, never beside the seller's orders."""

    def has_module_permission(self, request):
        return is_operator(request)

    def has_view_permission(self, request, obj=None):
        return is_operator(request)


def unbroken(text: str) -> str:
    """A list cell kept on one line: "75,000원" or a button, never broken after its digits."""
    return format_html('<span style="white-space: nowrap">{}</span>', text)


def money_cell(amount: int | None) -> str:
    return unbroken(won(amount))
