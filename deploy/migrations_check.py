"""Migrations that a rolling deploy survives: `python -m deploy.migrations_check [--since REF]`.

During a rolling deploy the previous release's code runs against the new schema until its last process is
gone (the migration Job runs first, docs/operations.md). So a migration may add, but must not drop or rename
a table or a column that the previous release's models still have: expand in one release, contract in the
next. To drop a column, release N removes the field from the model with a state-only operation
(`SeparateDatabaseAndState(state_operations=[RemoveField(...)])`, the column stays); release N+1 drops it.

This check compares every migration added since REF (the previous release; by default the newest git tag, or
the commit before HEAD) with the models as REF's migrations leave them, and names every operation that would
break the previous release's code. Exit status 1 when there is one. (RunSQL and RunPython are not read:
review those by hand.)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603, S607


def previous_release() -> str:
    tags = git("tag", "--sort=-creatordate").splitlines()
    return tags[0] if tags else "HEAD~1"


def migrations_at(ref: str) -> set[tuple[str, str]]:
    """(app label, migration name) of every migration file in the tree at `ref`."""
    names = git("ls-tree", "-r", "--name-only", ref).splitlines()
    found = set()
    for name in names:
        parts = Path(name).parts
        if len(parts) >= 3 and parts[-2] == "migrations" and parts[-1].endswith(".py") and parts[-1][0].isdigit():
            # An app's label is the last part of its package (Django's default, kept by every app here),
            # which also follows an app that moved, as the event bus did out of shop/.
            found.add((parts[-3], parts[-1][:-3]))
    return found


def breaking_operations(
    operations: Iterable, app_label: str, previous_models: dict[tuple[str, str], object]
) -> Iterator[str]:
    """What in `operations` drops or renames a table or column that the previous release's models have."""
    from django.db.migrations import operations as ops

    for operation in operations:
        if isinstance(operation, ops.SeparateDatabaseAndState):
            yield from breaking_operations(operation.database_operations, app_label, previous_models)
            continue
        if isinstance(operation, ops.RemoveField | ops.RenameField):
            old = operation.name if isinstance(operation, ops.RemoveField) else operation.old_name
            model = previous_models.get((app_label, operation.model_name_lower))
            if model is not None and old.lower() in {name.lower() for name in model.fields}:
                verb = "drops" if isinstance(operation, ops.RemoveField) else "renames"
                yield f"{verb} the column of {app_label}.{operation.model_name}.{old}"
        elif isinstance(operation, ops.DeleteModel | ops.RenameModel):
            old = operation.name if isinstance(operation, ops.DeleteModel) else operation.old_name
            if (app_label, old.lower()) in previous_models:
                verb = "drops" if isinstance(operation, ops.DeleteModel) else "renames"
                yield f"{verb} the table of {app_label}.{old}"


def check(since: str) -> list[str]:
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    ours = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT) and "site-packages" not in Path(config.path).parts
    }
    # Django's and the libraries' migrations come with their pinned releases, not with this repository's.
    before = (migrations_at(since) | {key for key in loader.graph.nodes if key[0] not in ours}) & set(
        loader.graph.nodes
    )
    previous = loader.graph.make_state(nodes=sorted(before), at_end=True) if before else None
    previous_models = previous.models if previous else {}
    problems = []
    for key in loader.graph.nodes:
        if key in before:
            continue
        migration = loader.graph.nodes[key]
        for problem in breaking_operations(migration.operations, key[0], previous_models):
            problems.append(f"{key[0]}.{key[1]}: {problem}, which the previous release's code still uses")
    return sorted(problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--since", help="the previous release (default: the newest tag, or HEAD~1)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    os.environ.setdefault("DEBUG", "1")  # no secrets needed to read migrations
    import django

    django.setup()
    since = args.since or previous_release()
    problems = check(since)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} migration(s) since {since} would break the previous release's code in a rolling deploy")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
