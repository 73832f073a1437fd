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


# Allowed although invisible: the joiners inside emoji and some scripts. Never enough on their own, as the
# Hangul fillers are not either (a favourite for names that look empty).
JOINERS = {"\u200c", "\u200d"}
INVISIBLE = JOINERS | {"\u115f", "\u1160", "\u3164", "\uffa0"}
# Control characters, format characters (bidi overrides that reorder what the seller reads, zero-width
# spaces, byte order marks) and line or paragraph separators.
REFUSED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


class CleanTextField(serializers.CharField):
    """Text a person typed: trimmed; refused when it holds control or invisible formatting characters, and
    blank when nothing in it can be seen."""

    default_error_messages = {"control_characters": _("Control and invisible formatting characters are not allowed.")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        value = super().to_internal_value(data)
        if any(unicodedata.category(char) in REFUSED_CATEGORIES and char not in JOINERS for char in value):
            self.fail("control_characters")
        if value and all(char in INVISIBLE or char.isspace() for char in value):
            if not self.allow_blank:
                self.fail("blank")
            return ""
        return value
