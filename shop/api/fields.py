"""Serializer fields that refuse what DRF would quietly coerce."""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer and nothing else: no "2", no 2.0, no true."""

    default_error_messages = {"invalid": _("A whole number is required.")}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """A JSON true or false and nothing else: no "yes", no 1."""

    default_error_messages = {"invalid": _("Send true or false.")}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class CleanTextField(serializers.CharField):
    """Text a person typed: trimmed, and refused when it holds control characters."""

    default_error_messages = {"control_characters": _("Control characters are not allowed.")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        value = super().to_internal_value(data)
        if any(unicodedata.category(char) == "Cc" for char in value):
            self.fail("control_characters")
        return value
