"""The OpenAPI schema documents, for every operation, the errors it can answer (SPEC.md's status codes),
with their bodies and the Retry-After header of 429 and 503."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in the request's language.")
    code = serializers.CharField(required=False, help_text="A stable machine-readable reason, when there is one.")


ERRORS = {
    "400": (
        'Bad input: `{"field": ["message", …]}` per field, or `{"detail": …}`; nothing was written.',
        OpenApiTypes.OBJECT,
    ),
    "401": (
        "Not authenticated: send `Authorization: Token <token>` (answered with `WWW-Authenticate: Token`).",
        ErrorSerializer,
    ),
    "403": ("Authenticated but not allowed (seller only).", ErrorSerializer),
    "404": ("Absent, or not yours.", ErrorSerializer),
    "409": ("Not allowed in the current state (repeating a done action included).", ErrorSerializer),
    "422": ("This Idempotency-Key was used with a different request.", ErrorSerializer),
    "429": ("Throttled; `Retry-After` says when to come back.", ErrorSerializer),
    "503": ("Overloaded or a dependency is failing: try again after `Retry-After` seconds.", ErrorSerializer),
}

STATE_CHANGES = {"cancel", "confirm_receipt", "confirm"}


class ShopAutoSchema(AutoSchema):
    def _error_codes(self) -> list[str]:
        view, method = self.view, self.method
        codes = ["400", "503"]
        public = all(isinstance(p, AllowAny) for p in view.get_permissions())
        public_read = method == "GET" and getattr(view, "basename", None) == "product"
        if not (public or public_read):
            codes += ["401", "403"]
        if "{" in self.path or getattr(view, "action", None) == "list":  # a list: an unknown cursor is 404
            codes.append("404")
        action = getattr(view, "action", None)
        if action in STATE_CHANGES:
            codes.append("409")
        handler = getattr(view, action or method.lower(), None)
        if getattr(handler, "idempotent", False):
            codes.append("422")
        if getattr(view, "throttle_scope", None) and (action in (None, "create")):
            codes.append("429")
        return sorted(codes)

    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        if direction != "response":
            return bodies
        for code in self._error_codes():
            description, body = ERRORS[code]
            bodies.setdefault(code, self._get_response_for_code(OpenApiResponse(body, description=description), code))
        return bodies

    def _get_response_headers_for_code(self, status_code, direction="response"):
        headers = super()._get_response_headers_for_code(status_code, direction)
        if status_code in {"429", "503"}:
            headers["Retry-After"] = {
                "schema": {"type": "integer"},
                "description": "Seconds to wait before trying again.",
            }
        return headers
