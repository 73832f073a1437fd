from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from products import services
from products.models import Product, StockMovement
from shop.admin_tools import ReadOnlyAdmin, SellerAdmin
from shop.errors import InvalidInput


class ProductChangeForm(forms.ModelForm):
    """The stock is never typed in as a new level: a form opened before a deposit was confirmed would put the
    stock back as it was then. The seller enters a change instead, added to the stock as it is on saving."""

    stock_change = forms.IntegerField(
        required=False,
        label=_("stock change"),
        help_text=_("+10 for goods received, -1 for one damaged: added to the stock as it is when you save."),
    )
    stock_change_reason = forms.CharField(required=False, max_length=200, label=_("why"))

    class Meta:
        model = Product
        fields = ["name", "price", "active"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("stock_change") and not cleaned.get("stock_change_reason", "").strip():
            self.add_error("stock_change_reason", _("Say why the stock changes."))
        return cleaned


@admin.register(Product)
class ProductAdmin(SellerAdmin):
    list_display = ["id", "name", "price", "stock", "active", "updated_at"]
    list_editable = ["price", "active"]  # the stock changes on the product's own page, by an amount
    list_filter = ["active"]
    search_fields = ["name"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = ProductChangeForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "price", "stock", "active"]  # a new product starts at the stock it is given
        return ["name", "price", "active", "stock", "stock_change", "stock_change_reason"]

    def get_readonly_fields(self, request, obj=None):
        return ["stock"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        # Through the services like every other door; only the fields the seller changed are written.
        if not change:
            obj.pk = services.product_create(name=obj.name, price=obj.price, stock=obj.stock, active=obj.active).pk
            obj.refresh_from_db()
            return
        editable = ProductChangeForm.Meta.fields
        changes = {field: form.cleaned_data[field] for field in form.changed_data if field in editable}
        if changes:
            services.product_update(product_id=obj.pk, changed_by=request.user, **changes)
        if amount := form.cleaned_data.get("stock_change"):
            try:
                services.stock_adjust(
                    product_id=obj.pk,
                    change=amount,
                    reason=form.cleaned_data["stock_change_reason"].strip(),
                    adjusted_by=request.user,
                )
            except InvalidInput as refused:
                self.message_user(request, refused.errors["stock_change"][0], messages.ERROR)
        obj.refresh_from_db()


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdmin):
    list_display = ["product", "quantity", "order_id", "reason", "created_by", "created_at"]
    list_filter = [("order_id", admin.EmptyFieldListFilter)]
    search_fields = ["=order_id", "product__name", "reason"]
    list_select_related = ["product", "created_by"]
