from rest_framework import serializers

from shop.api.fields import CleanTextField, StrictBooleanField, StrictIntegerField

MAX_WON = 10**12
MAX_STOCK = 2**31 - 1


class ProductSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = CleanTextField(max_length=100)
    price = StrictIntegerField(min_value=0, max_value=MAX_WON)
    stock = StrictIntegerField(min_value=0, max_value=MAX_STOCK)
    active = StrictBooleanField(default=True)
