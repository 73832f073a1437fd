"""`GET /api/audit/orders/{order_id}/`: an order's history (audit/history.py), for the seller."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAdminUser
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.actors import KINDS
from audit.history import order_history


class ActorSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=KINDS)
    user_id = serializers.IntegerField(allow_null=True)
    username = serializers.CharField(allow_null=True)


class HistoryEntrySerializer(serializers.Serializer):
    event = serializers.CharField()
    at = serializers.DateTimeField()
    actor = ActorSerializer()
    details = serializers.DictField()


class OrderHistorySerializer(serializers.Serializer):
    order_id = serializers.IntegerField()
    entries = HistoryEntrySerializer(many=True)


class OrderHistoryView(APIView):
    """For the seller: who confirmed or canceled an order, and when (customer, staff user, or the system)."""

    permission_classes = [IsAdminUser]

    @extend_schema(responses=OrderHistorySerializer)
    def get(self, request, order_id: int):
        history = order_history(order_id)
        if history is None:
            raise NotFound()
        return Response(OrderHistorySerializer(history).data)
