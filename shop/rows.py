"""Writing many rows in one statement, where Django's own helpers cost too much for a bank statement's chunk."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, models, router


def update_rows(objects: Sequence[models.Model], fields: Sequence[str]) -> None:
    """Saves these fields of these rows in one UPDATE that joins the table to their new values.

    It does what `QuerySet.bulk_update` does, but that builds a CASE WHEN per row and field, and building it
    takes milliseconds per row: 90% of a 10,000-line import's time. Here the values travel as one list of
    rows, and the SQL is built in microseconds per row. Every value is a parameter; on PostgreSQL each is
    cast to its column's type, as a column of NULLs alone would have none (text to text: a value too long for
    its column is refused on assignment, never cut)."""
    if not objects:
        return
    model = type(objects[0])
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    targets = [model._meta.pk, *(model._meta.get_field(name) for name in fields)]
    columns = [quote(field.column) for field in targets]
    if connection.vendor == "postgresql":  # each value cast to its column's type; text is checked on assignment
        types = [
            "text" if isinstance(f, models.CharField | models.TextField) else f.db_type(connection) for f in targets
        ]
        row = f"({', '.join(f'CAST(%s AS {type_})' for type_ in types)})"
    else:
        row = f"({', '.join(['%s'] * len(targets))})"
    params = [field.get_db_prep_save(getattr(obj, field.attname), connection) for obj in objects for field in targets]
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    assignments = ", ".join(f"{column} = new.{column}" for column in columns[1:])
    # A named VALUES list in a WITH: both databases take it, and SQLite's limit of 500 terms in a compound
    # SELECT does not apply to it.
    sql = (
        f"WITH new ({', '.join(columns)}) AS (VALUES {', '.join([row] * len(objects))}) "  # noqa: S608
        f"UPDATE {table} SET {assignments} FROM new WHERE {table}.{pk} = new.{pk}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
