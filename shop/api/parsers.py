"""The one request format of the API: a JSON object. Anything else is bad input with a message in the
request's language, never a 500 (a body nested thousands deep makes Python's JSON parser recurse too far)."""

from __future__ import annotations

import codecs
import json

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding
from rest_framework.utils.json import strict_constant


class JSONObjectParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})  # refuses byte codecs such as bz2, which would inflate
        try:
            data = json.load(codecs.getreader(encoding)(stream), parse_constant=strict_constant)
        except UnicodeDecodeError:
            raise ParseError(_("The body is not valid UTF-8.")) from None
        except json.JSONDecodeError as error:
            message = _("The body is not valid JSON (line %(line)d, column %(column)d).")
            raise ParseError(message % {"line": error.lineno, "column": error.colno}) from None
        except (ValueError, RecursionError):  # NaN or Infinity, a number of thousands of digits, deep nesting
            message = _("The body holds JSON this API does not take: NaN, Infinity, too many digits or too deep.")
            raise ParseError(message) from None
        if not isinstance(data, dict):
            raise ParseError(_("The body must be a JSON object."))
        return data
