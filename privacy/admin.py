from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from privacy.services import customer_forget

User = get_user_model()


class ForgettingUserAdmin(UserAdmin):
    """Django's user admin, with the customer's right to be forgotten as an action."""

    actions = ["forget"]

    @admin.action(description=_("Forget these customers (personal data)"))
    def forget(self, request, queryset):
        for username in queryset.filter(is_staff=False).values_list("username", flat=True):
            forgotten = customer_forget(username=username)
            self.message_user(request, _("%(name)s forgotten (%(orders)d orders).") % {
                "name": username, "orders": forgotten.orders}, messages.SUCCESS)  # fmt: skip


admin.site.unregister(User)
admin.site.register(User, ForgettingUserAdmin)
