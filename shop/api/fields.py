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


# Refused: control characters, line and paragraph separators, and the invisible characters that deceive —
# bidi embeddings, overrides and isolates (they reorder what the seller reads), zero-width spaces and byte
# order marks. Other format characters are part of real text: joiners in emoji and scripts, soft hyphens,
# direction marks, the tags of subdivision flags.
REFUSED_CATEGORIES = {"Cc", "Zl", "Zp"}
DECEIVING = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\ufeff\u180e")
# Nothing to see: format characters, combining marks on their own, the blank Braille pattern, and the
# Hangul fillers (a favourite for names that look empty).
INVISIBLE_CATEGORIES = {"Cf", "Mn", "Me"}
INVISIBLE = set("\u2800\u115f\u1160\u3164\uffa0")


# The same rules as a regular expression, for the OpenAPI schema (JSON Schema's dialect has no Unicode
# categories, so "visible" is approximated by the common invisible ranges).
_REFUSED_RANGES = "\\u0000-\\u001f\\u007f-\\u009f\\u180e\\u200b\\u2028-\\u202e\\u2066-\\u2069\\ufeff"
_INVISIBLE_RANGES = (
    "\\s\\u00ad\\u0300-\\u036f\\u034f\\u115f\\u1160\\u200c-\\u200f\\u2060-\\u2064\\u20d0-\\u20ff"
    "\\u2800\\u3164\\ufe00-\\ufe0f\\uffa0"
)
VISIBLE_TEXT_PATTERN = f"^[^{_REFUSED_RANGES}]*[^{_REFUSED_RANGES}{_INVISIBLE_RANGES}][^{_REFUSED_RANGES}]*$"


def _is_refused(char: str) -> bool:
    return char in DECEIVING or unicodedata.category(char) in REFUSED_CATEGORIES


def _is_invisible(char: str) -> bool:
    return char.isspace() or char in INVISIBLE or unicodedata.category(char) in INVISIBLE_CATEGORIES


class CleanTextField(serializers.CharField):
    """Text a person typed: trimmed; refused when it holds control or invisible formatting characters, and
    blank when nothing in it can be seen."""

    default_error_messages = {"control_characters": _("Control and invisible formatting characters are not allowed.")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        value = super().to_internal_value(data)
        if any(_is_refused(char) for char in value):
            self.fail("control_characters")
        if value and all(_is_invisible(char) for char in value):
            if not self.allow_blank:
                self.fail("blank")
            return ""
        return value
