from rest_framework import serializers

from orders.lifecycle import OrderStatus
from orderview.models import OrderStatusView


class OrderStatusItemSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    product_name = serializers.CharField()
    quantity = serializers.IntegerField()


class OrderStatusViewSerializer(serializers.Serializer):
    order_id = serializers.IntegerField()
    status = serializers.CharField()
    status_label = serializers.SerializerMethodField()
    items = OrderStatusItemSerializer(many=True)
    total = serializers.IntegerField()
    payment_status = serializers.CharField(allow_null=True)
    delivery_status = serializers.CharField(allow_null=True)
    cancel_reason = serializers.CharField(allow_null=True)
    deposit_due_at = serializers.DateTimeField(allow_null=True)
    refund_status = serializers.CharField(allow_null=True)
    placed_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_status_label(self, row: OrderStatusView) -> str:
        # Translated into the request's language (Accept-Language, Korean by default).
        return str(OrderStatus(row.status).label)
