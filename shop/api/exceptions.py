"""Maps domain errors to the status codes of SPEC.md; everything else is DRF's own handling."""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.exceptions import Throttled
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from shop.breakers import overloaded
from shop.errors import Conflict, DomainError, InvalidInput, NotFound, ServiceUnavailable

logger = logging.getLogger(__name__)

_STATUS = {NotFound: status.HTTP_404_NOT_FOUND, Conflict: status.HTTP_409_CONFLICT}


def exception_handler(exc, context):
    if isinstance(exc, OperationalError | InterfaceError):
        # The database timed out or went away: a passing condition, so "try again later", not a 500.
        logger.warning("database unavailable: %s", exc)
        exc = overloaded(retry_after=1)
    if isinstance(exc, ServiceUnavailable):
        response = Response({"detail": exc.message}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        response["Retry-After"] = str(exc.retry_after)
        return response
    if isinstance(exc, InvalidInput):
        return Response(exc.errors, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DomainError):
        code = next((code for error_type, code in _STATUS.items() if isinstance(exc, error_type)), None)
        return Response({"detail": exc.message}, status=code or status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        # Django's "No Order matches the given query." is English and names a model; say only "not found".
        exc = exceptions.NotFound()
    if isinstance(exc, Throttled):
        wait = max(1, int(exc.wait or 1))
        exc.detail = _("Too many requests; please try again in %(seconds)d seconds.") % {"seconds": wait}
    return drf_exception_handler(exc, context)
