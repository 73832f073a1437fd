"""Writing many rows in one statement, where Django's own helpers cost too much for a bank statement's chunk."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, models, router


def update_rows(objects: Sequence[models.Model], fields: Sequence[str]) -> None:
    """Saves these fields of these rows in one UPDATE that joins the table to their new values.

    It does what `QuerySet.bulk_update` does, but that builds a CASE WHEN per row and field, and building it
    takes milliseconds per row: 90% of a 10,000-line import's time. Here the values travel as one list of
    rows, and the SQL is built in microseconds per row. Every value is a parameter; on PostgreSQL each is
    cast to its column's type, as a column of NULLs alone would have none."""
    if not objects:
        return
    model = type(objects[0])
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    targets = [model._meta.pk, *(model._meta.get_field(name) for name in fields)]
    columns = [quote(field.column) for field in targets]
    if connection.vendor == "postgresql":  # a VALUES list, each value cast to its column's type
        row = ", ".join(f"CAST(%s AS {field.db_type(connection)})" for field in targets)
        values = f"(VALUES {', '.join(f'({row})' for _object in objects)}) AS new ({', '.join(columns)})"
    else:  # SQLite names a VALUES list's columns column1, column2, …: a union of named rows instead
        row = ", ".join(f"%s AS {column}" for column in columns)
        values = f"({' UNION ALL '.join(f'SELECT {row}' for _object in objects)}) AS new"
    params = [field.get_db_prep_save(getattr(obj, field.attname), connection) for obj in objects for field in targets]
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    assignments = ", ".join(f"{column} = new.{column}" for column in columns[1:])
    sql = f"UPDATE {table} SET {assignments} FROM {values} WHERE {table}.{pk} = new.{pk}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
