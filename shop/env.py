"""Reading settings from the environment (12-factor), with clear errors for bad values."""

from __future__ import annotations

import os
import re
from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None or value.strip() == "" else value.strip()


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None


_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def env_duration(name: str, default: str) -> timedelta:
    """A number with `s`, `m`, `h` or `d`: `90s`, `30m`, `72h`, `3d`."""
    value = env_str(name, default) or default
    match = re.fullmatch(r"([0-9]+)([smhd])", value)
    if match is None or int(match[1]) == 0:
        raise ImproperlyConfigured(f"{name}={value!r} is not a duration like 90s, 30m, 72h or 3d")
    return timedelta(**{_UNITS[match[2]]: int(match[1])})


def env_list(name: str, default: str) -> list[str]:
    value = env_str(name, default) or ""
    return [item.strip() for item in value.split(",") if item.strip()]


def parse_throttle_rates(value: str | None, defaults: dict[str, str]) -> dict[str, str | None]:
    """`orders=30/minute,auth=10/minute` → {"orders": "30/minute", ...}, starting from `defaults` for the
    scopes not named; `off` → every scope unthrottled."""
    scopes = tuple(defaults)
    value = value or ""
    if value.strip().lower() == "off":
        return dict.fromkeys(scopes)
    rates: dict[str, str | None] = dict(defaults)
    for part in value.split(","):
        if not part.strip():
            continue
        scope, sep, rate = part.partition("=")
        scope, rate = scope.strip(), rate.strip()
        if not sep or scope not in scopes:
            raise ImproperlyConfigured(
                f"THROTTLE_RATES: {part.strip()!r} is not `scope=rate` with a scope among {', '.join(scopes)}"
            )
        count, slash, period = rate.partition("/")
        if not slash or not count.isdigit() or period[:1] not in {"s", "m", "h", "d"}:
            raise ImproperlyConfigured(f"THROTTLE_RATES: {rate!r} is not a rate like 30/minute")
        rates[scope] = rate
    return rates


def secret_key_weakness(key: str) -> str | None:
    """Why `key` must not sign a real shop's sessions and tokens, or None. Django's own rule (50 characters, 5
    different ones, not a generated development key), and no whitespace: a value with spaces is a sentence
    from a template ("replace with …"), not a key. tests/shop/test_production_settings.py checks that every
    example value in this repository's docs and templates is refused."""
    if len(key) < 50:
        return "is shorter than 50 characters"
    if len(set(key)) < 5:
        return "has fewer than 5 different characters"
    if key.startswith("django-insecure-"):
        return "is a development key (django-insecure-…)"
    if any(character.isspace() for character in key):
        return "holds spaces: it is a template's placeholder"
    return None
