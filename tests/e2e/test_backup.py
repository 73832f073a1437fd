"""A backup is only as good as its restore: the database dumped with pg_dump, restored with pg_restore into
a new database, and a web process on the restored one serves the same orders and my-orders rows."""

import shutil
import subprocess

import psycopg
import pytest
from django.db import connection

from tests.support.shop import place, poster, the_whole_story
from tests.support.stack import django_database_url

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.runtime,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="needs PostgreSQL's client programs"),
]


@pytest.fixture
def restored_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    admin = django_database_url().rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield django_database_url().rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_backup_serves_the_same_orders(
    shop, alice, as_alice, as_seller, tmp_path, stacks, restored_database
):
    the_whole_story(shop, poster(as_alice), poster(as_seller))
    place(as_alice, (shop.product(name="감귤").pk, 1))
    token = shop.token_of(alice)
    before = as_alice.get("/api/my-orders/").json()["results"], as_alice.get("/api/orders/").json()["results"]
    dump = tmp_path / "shop.dump"

    # As docs/operations.md, "Backups", says: a dump in pg_dump's custom format, restored into an empty database.
    subprocess.run(["pg_dump", "--format", "custom", "--file", str(dump), django_database_url()], check=True)  # noqa: S607
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", restored_database, str(dump)],  # noqa: S607
        check=True,
    )
    stack = stacks("restored", database_url=restored_database)
    stack.web()
    after = stack.get("/api/my-orders/", token)[1]["results"], stack.get("/api/orders/", token)[1]["results"]
    ready = stack.get("/readyz")[0]

    assert ready == 200, "every migration is there"
    assert after == before
    assert len(before[0]) == 4
