"""Maps domain errors to the status codes of SPEC.md; everything else is DRF's own handling."""

from __future__ import annotations

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from shop.errors import Conflict, DomainError, InvalidInput, NotFound

_STATUS = {NotFound: status.HTTP_404_NOT_FOUND, Conflict: status.HTTP_409_CONFLICT}


def exception_handler(exc, context):
    if isinstance(exc, InvalidInput):
        return Response(exc.errors, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DomainError):
        for error_type, code in _STATUS.items():
            if isinstance(exc, error_type):
                return Response({"detail": exc.message, "code": exc.code}, status=code)
        return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
