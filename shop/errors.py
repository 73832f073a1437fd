"""Domain errors shared by every context. The API maps them to status codes (shop/api/exceptions.py);
the admin and the commands show their message. Domain code never raises HTTP exceptions itself."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every refusal a service can give. `code` is a stable machine-readable reason."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    """Not allowed in the current state, repeating a done action included (HTTP 409)."""

    code = "conflict"


class InvalidInput(DomainError):
    """Bad input that only the domain can judge (unknown product, not enough stock). `errors` names fields."""

    code = "invalid"

    def __init__(self, errors: dict[str, Any] | str) -> None:
        if isinstance(errors, str):
            errors = {"detail": [errors]}
        super().__init__("; ".join(f"{field}: {messages}" for field, messages in errors.items()))
        self.errors = errors


class ServiceUnavailable(DomainError):
    """A part the request needs is failing or overloaded; the caller should come back in `retry_after` s."""

    code = "unavailable"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
