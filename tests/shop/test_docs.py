"""The docs state facts the code decides; these tests hold the two together, so neither drifts alone."""

import re
from pathlib import Path

from eventbus.events import DomainEvent
from eventbus.subscriptions import subscriptions_for

ROOT = Path(__file__).resolve().parents[2]


def table_rows(markdown: str, header: str) -> list[list[str]]:
    """The cells of the Markdown table whose header row starts with `header`, row by row."""
    lines = markdown.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_the_subscriber_table_is_the_registry():
    documented = {}
    for event, publisher, _when, subscribers in table_rows(
        (ROOT / "docs" / "architecture.md").read_text(), "| event | published by |"
    ):
        contexts = {name.strip().split(" ")[0] for name in re.sub(r"\([^)]*\)", "", subscribers).split(",")}
        documented[event.strip("`")] = (publisher, contexts)

    registered = {
        name: (event_type.__module__.partition(".")[0], {sub.queue for sub in subscriptions_for(event_type)})
        for name, event_type in DomainEvent.types.items()
    }

    assert documented == registered


def settings_read_by_the_code() -> set[str]:
    """The environment variables the shop's processes read: the settings, gunicorn's, and the Procfile's."""
    names = set()
    for path in [*ROOT.glob("shop/**/*.py"), ROOT / "gunicorn.conf.py"]:
        text = path.read_text()
        names |= set(re.findall(r"""env_(?:str|bool|int|list|duration)\(\s*["']([A-Z_]+)["']""", text))
        names |= set(re.findall(r"""os\.environ(?:\.get)?[(\[]\s*["']([A-Z_]+)["']""", text))
    names |= set(re.findall(r"\$\{?([A-Z_]+)", (ROOT / "Procfile").read_text()))
    return names - {"DJANGO_SETTINGS_MODULE"}  # which settings module, not a setting


def test_the_settings_table_lists_every_setting_the_code_reads_and_nothing_else():
    rows = table_rows((ROOT / "docs" / "operations.md").read_text(), "| variable | default | meaning |")
    documented = {name for row in rows for name in re.findall(r"`([A-Z_]+)`", row[0])}

    assert documented == settings_read_by_the_code()
