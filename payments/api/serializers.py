from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from payments.models import Payment, Refund


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


class RefundAccountSerializer(serializers.Serializer):
    bank = serializers.CharField()
    account_number = serializers.CharField()
    holder = serializers.CharField()


class RefundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order_id = serializers.IntegerField()
    amount = serializers.IntegerField()
    status = serializers.CharField()
    reason = serializers.CharField()
    refund_account = RefundAccountSerializer(allow_null=True)
    created_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)


class RefundStatusQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Refund.Status.choices, required=False)
