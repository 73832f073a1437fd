"""Test settings: the production settings module with test-friendly environment defaults.

PostgreSQL at 127.0.0.1:5432 is the default database. Without one (a laptop), the suite falls back to
SQLite and the tests marked `postgres` are skipped; with CI set, a missing PostgreSQL fails the run.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-long-enough-for-the-production-rule-0123")
os.environ.setdefault("THROTTLE_RATES", "off")
os.environ.setdefault("SECURE_SSL_REDIRECT", "off")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def _postgres_reachable(url: str) -> bool:
    import psycopg

    try:
        psycopg.connect(url.replace("/shop", "/postgres", 1), connect_timeout=2).close()
    except psycopg.OperationalError:
        return False
    return True


_DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/shop"
if "DATABASE_URL" not in os.environ:
    if os.environ.get("CI") or _postgres_reachable(_DEFAULT_POSTGRES):
        os.environ["DATABASE_URL"] = _DEFAULT_POSTGRES
    else:
        os.environ["DATABASE_URL"] = "sqlite:///:memory:"

from shop.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; these passwords guard nothing

# A test database of this run's own, so that two runs on one machine (a developer's and CI's) never drop
# each other's database.
DATABASES["default"]["TEST"] = {"NAME": f"test_shop_{os.getpid()}"}  # noqa: F405
