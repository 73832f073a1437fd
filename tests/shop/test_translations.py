"""Korean is the shop's default language: every message of its own code is translated, and the compiled
catalogue that Django reads says what the committed .po file says."""

from __future__ import annotations

import ast
import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale" / "ko" / "LC_MESSAGES"


def po_entries(path: Path) -> list[dict]:
    """The entries of a .po file: flags, msgctxt, msgid and msgstr (continued strings joined). Korean has one
    plural form, so a plural entry's `msgstr[0]` is its msgstr."""
    entries, entry, field = [], None, None
    for line in [*path.read_text().splitlines(), ""]:
        if not line.strip():
            if entry is not None and "msgid" in entry:
                entry.setdefault("msgstr", entry.get("msgstr[0]", ""))
                entries.append(entry)
            entry, field = None, None
            continue
        entry = entry if entry is not None else {"flags": set()}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, _space, literal = line.partition(" ")
            entry[field] = ast.literal_eval(literal)
    return entries


def untranslated(po_file: Path) -> tuple[list[str], list[str]]:
    """(messages without a translation, fuzzy messages, which compilemessages leaves out)."""
    entries = [entry for entry in po_entries(po_file) if entry["msgid"]]
    assert entries
    return [e["msgid"] for e in entries if not e["msgstr"]], [e["msgid"] for e in entries if "fuzzy" in e["flags"]]


def test_every_message_is_translated_to_korean_and_none_is_fuzzy():
    assert untranslated(LOCALE / "django.po") == ([], [])


def test_every_message_of_the_code_is_in_the_po_file(tmp_path):
    """`make messages` on a copy of the project: a message added or changed in the code, but not extracted
    and translated, shows up there as untranslated or fuzzy."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (xgettext) is needed to check the translations")
        pytest.skip("needs GNU gettext")
    copy = tmp_path / "shop"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", ".git", "tests", "*.sqlite3", "__pycache__"))
    command = [sys.executable, "manage.py", "makemessages", "--locale", "ko", "--ignore", "tests/*"]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "shop.settings", "DEBUG": "1", "DATABASE_URL": "sqlite:///:memory:"}
    subprocess.run(command, cwd=copy, env=env, check=True, capture_output=True, timeout=120)

    assert untranslated(copy / "locale" / "ko" / "LC_MESSAGES" / "django.po") == ([], []), "run `make messages`"


def test_the_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)

    for entry in po_entries(LOCALE / "django.po"):
        if not entry["msgid"]:
            continue
        if "msgid_plural" in entry:
            compiled_text = catalogue.ngettext(entry["msgid"], entry["msgid_plural"], 1)
        elif "msgctxt" in entry:
            compiled_text = catalogue.pgettext(entry["msgctxt"], entry["msgid"])
        else:
            compiled_text = catalogue.gettext(entry["msgid"])
        assert compiled_text == entry["msgstr"], "run `make messages`"
