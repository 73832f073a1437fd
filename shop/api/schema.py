"""The OpenAPI schema documents, for every operation, the errors it can answer (SPEC.md's status codes),
with their bodies and the Retry-After header of 429 and 503."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import SAFE_METHODS

from shop.api.fields import VISIBLE_TEXT_PATTERN
from shop.api.idempotency import KEY_PATTERN
from shop.api.permissions import IsAdminUser, ReadAnyoneWriteStaff


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in the request's language.")


ERRORS = {
    "400": (
        'Bad input: `{"field": ["message", …]}` per field, or `{"detail": …}`; nothing was written.',
        OpenApiTypes.OBJECT,
    ),
    "401": (
        "Not authenticated, or the token sent is not valid: send `Authorization: Token <token>` "
        "(answered with `WWW-Authenticate: Token`).",
        ErrorSerializer,
    ),
    "403": (
        "Not allowed: for the seller (staff) only, or a signed-in browser session sent no CSRF token.",
        ErrorSerializer,
    ),
    "404": ("Absent, or not yours.", ErrorSerializer),
    "409": ("Not allowed in the current state (repeating a done action included).", ErrorSerializer),
    "413": ("The body is over the size limit (`MAX_REQUEST_BODY_BYTES`).", ErrorSerializer),
    "422": ("This Idempotency-Key was used with a different request.", ErrorSerializer),
    "429": ("Throttled; `Retry-After` says when to come back.", ErrorSerializer),
    "503": ("Overloaded or a dependency is failing: try again after `Retry-After` seconds.", ErrorSerializer),
}

STATE_CHANGES = {"cancel", "confirm_receipt", "confirm"}

ACCEPT_LANGUAGE = OpenApiParameter(
    "Accept-Language",
    {"type": "string"},
    OpenApiParameter.HEADER,
    description="`ko` (the default) or `en`: the language of status labels and error messages.",
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "minLength": 1, "maxLength": 255, "pattern": KEY_PATTERN},
    OpenApiParameter.HEADER,
    description=(
        "Makes the request safe to repeat: the same key and body from the same user within 24 hours gets the "
        "first answer and does the work once; the same key with another body is 422."
    ),
)


class ShopAutoSchema(AutoSchema):
    def _is_idempotent(self) -> bool:
        action = getattr(self.view, "action", None)
        handler = getattr(self.view, action or self.method.lower(), None)
        return getattr(handler, "idempotent", False)

    def get_auth(self):
        auth = super().get_auth()
        anyone_reads = self.method in SAFE_METHODS and any(
            isinstance(permission, ReadAnyoneWriteStaff) for permission in self.view.get_permissions()
        )
        if anyone_reads and {} not in auth:
            auth.append({})  # the catalogue: a token is optional
        return auth

    def get_override_parameters(self):
        parameters = [*super().get_override_parameters(), ACCEPT_LANGUAGE]
        if self._is_idempotent():
            parameters.append(IDEMPOTENCY_KEY)
        return parameters

    def _may_refuse_a_signed_in_user(self) -> bool:
        view, writes = self.view, self.method not in SAFE_METHODS
        if writes and any(isinstance(a, SessionAuthentication) for a in view.get_authenticators()):
            return True  # Django's CSRF check on a browser session
        staff_only = (IsAdminUser, ReadAnyoneWriteStaff) if writes else (IsAdminUser,)
        return any(isinstance(permission, staff_only) for permission in view.get_permissions())

    def _error_codes(self) -> list[str]:
        view, action = self.view, getattr(self.view, "action", None)
        codes = ["400", "503"]
        if view.get_authenticators():  # even where anyone may call, a token that is not valid is refused
            codes.append("401")
        if self._may_refuse_a_signed_in_user():
            codes.append("403")
        if "{" in self.path or action == "list":  # a list: an unknown cursor is 404
            codes.append("404")
        if action in STATE_CHANGES:
            codes.append("409")
        if self.method not in SAFE_METHODS:
            codes.append("413")
        if self._is_idempotent():
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


class CleanTextFieldExtension(OpenApiSerializerFieldExtension):
    """Text fields tell clients what they refuse: control and deceiving characters, and nothing visible."""

    target_class = "shop.api.fields.CleanTextField"

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction == "request":
            pattern = f"^$|{VISIBLE_TEXT_PATTERN}" if self.target.allow_blank else VISIBLE_TEXT_PATTERN
            schema.setdefault("pattern", pattern)
        return schema
