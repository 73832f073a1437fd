"""With production settings, Django's own deployment checklist finds nothing to warn about."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from shop.env import secret_key_weakness

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "off",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "shop.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://shop.example.com",
    "TRUST_PROXY_HEADER": "on",
    "DATABASE_URL": "sqlite:///:memory:",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "SECURE_SSL_REDIRECT", "DJANGO_SETTINGS_MODULE", "REDIS_URL"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_shows_no_warning_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_unless_asked_for_and_then_a_secret_key_is_required():
    result = manage("check", **{k: v for k, v in PRODUCTION.items() if k not in {"DEBUG", "SECRET_KEY"}})

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_boolean_setting_that_is_not_one_says_so(value):
    result = manage("check", **{**PRODUCTION, "DEBUG": value})

    assert result.returncode != 0
    assert f"DEBUG={value!r} is not a boolean" in result.stderr


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("change-me", "shorter than 50 characters"),
        ("a" * 60, "fewer than 5 different characters"),
        ("django-insecure-" + secrets.token_urlsafe(50), "a development key"),
    ],
    ids=["short", "repetitive", "development"],
)
def test_a_weak_secret_key_is_refused_when_debug_is_off(key, why):
    refused = manage("check", **{**PRODUCTION, "SECRET_KEY": key})
    allowed_while_debugging = manage("check", **{**PRODUCTION, "SECRET_KEY": key, "DEBUG": "on"})

    assert refused.returncode != 0 and why in refused.stderr
    assert allowed_while_debugging.returncode == 0, allowed_while_debugging.stderr


def test_no_example_secret_key_of_this_repository_would_be_accepted():
    """The values that stand in the docs and templates are public: none of them passes."""
    template = yaml.safe_load((ROOT / "deploy/k8s/secret.example.yaml").read_text())["stringData"]["SECRET_KEY"]
    documented = re.findall(
        r"SECRET_KEY=([^\s$`]+)", (ROOT / "README.md").read_text() + (ROOT / "docs/operations.md").read_text()
    )

    for example in [template, *documented]:
        assert secret_key_weakness(example) is not None, example
