from django.contrib import admin

from products import services
from products.models import Product, StockMovement
from shop.admin_tools import ReadOnlyAdmin, SellerAdmin


@admin.register(Product)
class ProductAdmin(SellerAdmin):
    list_display = ["id", "name", "price", "stock", "active", "updated_at"]
    list_editable = ["price", "stock", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
    fields = ["name", "price", "stock", "active"]

    def save_model(self, request, obj, form, change):
        # Through the services like every other door; only the fields the seller changed are written.
        if change:
            changes = {field: form.cleaned_data[field] for field in form.changed_data}
            if changes:
                saved = services.product_update(product_id=obj.pk, **changes)
                obj.refresh_from_db(fields=list(changes))
                obj.updated_at = saved.updated_at
        else:
            obj.pk = services.product_create(name=obj.name, price=obj.price, stock=obj.stock, active=obj.active).pk
            obj.refresh_from_db()


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdmin):
    list_display = ["order_id", "product", "quantity", "created_at"]
    search_fields = ["=order_id"]
