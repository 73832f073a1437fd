from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from payments.models import Payment


class PaymentSerializer(serializers.Serializer):
    order_id = serializers.IntegerField()
    amount = serializers.IntegerField()
    status = serializers.CharField()
    depositor_name = serializers.CharField()
    created_at = serializers.DateTimeField()
    confirmed_at = serializers.DateTimeField(allow_null=True)
    cancel_reason = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_cancel_reason(self, payment: Payment) -> str | None:
        return payment.cancel_reason or None


class PaymentStatusQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Payment.Status.choices, required=False)
