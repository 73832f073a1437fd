from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from shop.api.fields import CleanTextField, StrictIntegerField

MAX_LINES = 50
MAX_QUANTITY = 999


class OrderItemInputSerializer(serializers.Serializer):
    product_id = StrictIntegerField(min_value=1, max_value=2**63 - 1)
    quantity = StrictIntegerField(min_value=1, max_value=MAX_QUANTITY)


class OrderPlaceSerializer(serializers.Serializer):
    # Errors: `{"items": ["…"]}` for the list as a whole, `{"items": {"<index>": {"<field>": ["…"]}}}` per line.
    items = serializers.ListField(child=OrderItemInputSerializer(), min_length=1, max_length=MAX_LINES)
    shipping_address = CleanTextField(max_length=300)
    depositor_name = CleanTextField(max_length=50, required=False, allow_blank=True, default="")

    def validate_items(self, items):
        product_ids = [item["product_id"] for item in items]
        if len(set(product_ids)) != len(product_ids):
            raise serializers.ValidationError(_("Each product may appear only once; change its quantity instead."))
        return items


class OrderLineSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    product_name = serializers.CharField()
    unit_price = serializers.IntegerField()
    quantity = serializers.IntegerField()
    line_total = serializers.IntegerField()


class OrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    items = OrderLineSerializer(many=True, source="lines.all")
    total = serializers.IntegerField()
    shipping_address = serializers.CharField()
    depositor_name = serializers.CharField()
    bank_account = serializers.CharField()
    created_at = serializers.DateTimeField()
    deposit_due_at = serializers.DateTimeField(allow_null=True)


class RefundAccountInputSerializer(serializers.Serializer):
    """The customer's refund account (환불계좌); the account number's rule lives in payments."""

    bank = CleanTextField(max_length=50)
    account_number = serializers.CharField(max_length=30)
    holder = CleanTextField(max_length=50)
