"""A group's lock: whoever applies events to a group (its catch-up, a dead letter's retry, a rebuild) holds it
for the rest of its transaction, so two of them never write the group's rows, or move its checkpoint, at once.

On PostgreSQL it is an advisory lock, not the checkpoint row's: a row lock gives the transaction an id from
its first statement, and every event committed after that would wait behind it (eventbus/consumer.py reads
only below the oldest running transaction). An advisory lock takes no id, so a page's transaction gets one
only at its first write. SQLite's IMMEDIATE transactions serialize every writer already.
"""

from __future__ import annotations

import zlib

from django.db import transaction


def hold_group(group_name: str, database: str, *, wait: bool) -> bool:
    """Takes the group's lock until the transaction ends: waiting for it, or False at once if it is held."""
    connection = transaction.get_connection(database)
    if connection.vendor != "postgresql":
        return True
    key = zlib.crc32(f"eventbus.group:{group_name}".encode())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {'pg_advisory_xact_lock' if wait else 'pg_try_advisory_xact_lock'}(%s)", [key])
        return wait or cursor.fetchone()[0]
