"""deploy/migrations_check.py: a migration may not drop or rename what the previous release's code still uses
(expand, then contract in the next release)."""

import pytest
from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader

from deploy.migrations_check import breaking_operations, check


@pytest.fixture(scope="module")
def previous_models():
    """The models as this release's migrations leave them: "the previous release", for the next one."""
    return MigrationLoader(None, ignore_no_migrations=True).project_state().models


@pytest.mark.parametrize(
    ("operation", "breaks"),
    [
        (migrations.RemoveField("order", "cancel_reason"), "drops the column of orders.order.cancel_reason"),
        (
            migrations.RenameField("order", "cancel_reason", "reason"),
            "renames the column of orders.order.cancel_reason",
        ),
        (migrations.DeleteModel("OrderLine"), "drops the table of orders.OrderLine"),
        (migrations.RenameModel("OrderLine", "Line"), "renames the table of orders.OrderLine"),
        (
            migrations.SeparateDatabaseAndState(database_operations=[migrations.RemoveField("order", "closed_at")]),
            "drops the column of orders.order.closed_at",
        ),
    ],
    ids=["remove-field", "rename-field", "delete-model", "rename-model", "database-only-remove"],
)
def test_dropping_or_renaming_what_the_previous_release_uses_is_refused(previous_models, operation, breaks):
    assert list(breaking_operations([operation], "orders", previous_models)) == [breaks]


@pytest.mark.parametrize(
    "operation",
    [
        migrations.AddField("order", "note", models.TextField(blank=True, default="")),
        # Expand: the field leaves the model, the column stays for the previous release's code …
        migrations.SeparateDatabaseAndState(state_operations=[migrations.RemoveField("order", "closed_at")]),
        # … contract, one release later: the previous release's models no longer have it.
        migrations.RemoveField("order", "long_gone"),
    ],
    ids=["add-field", "state-only-remove", "remove-what-is-already-gone"],
)
def test_what_a_rolling_deploy_survives_is_allowed(previous_models, operation):
    assert list(breaking_operations([operation], "orders", previous_models)) == []


def test_the_migrations_since_the_previous_release_are_safe():
    assert check("HEAD~1") == []
