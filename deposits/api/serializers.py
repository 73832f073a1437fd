from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from deposits.models import Deposit
from deposits.services import deposited_at_problem
from shop.api.fields import CleanTextField, StrictIntegerField


class DepositSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    transaction_id = serializers.CharField()
    deposited_at = serializers.DateTimeField()
    depositor_name = serializers.CharField()
    amount = serializers.IntegerField()
    status = serializers.CharField()
    reason = serializers.SerializerMethodField()
    order_id = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_reason(self, deposit: Deposit) -> str | None:
        return deposit.reason or None


class DepositInputSerializer(serializers.Serializer):
    transaction_id = CleanTextField(max_length=64)
    deposited_at = serializers.DateTimeField()
    depositor_name = CleanTextField(max_length=50)
    amount = StrictIntegerField(min_value=1, max_value=10**15)

    def validate_deposited_at(self, moment):
        if problem := deposited_at_problem(moment):
            raise serializers.ValidationError(problem)
        return moment


class DepositMatchSerializer(serializers.Serializer):
    order_id = StrictIntegerField(min_value=1, max_value=2**63 - 1)


class DepositStatusQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Deposit.Status.choices, required=False)
