"""Korean is the shop's default language: every message of its own code is translated, and the compiled
catalogue that Django reads says what the committed .po file says."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale" / "ko" / "LC_MESSAGES"


def po_entries(path: Path) -> list[dict]:
    """The entries of a .po file: flags, msgctxt, msgid and msgstr (continued strings joined)."""
    entries, entry, field = [], None, None
    for line in [*path.read_text().splitlines(), ""]:
        if not line.strip():
            if entry is not None and "msgid" in entry:
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


def test_every_message_is_translated_to_korean_and_none_is_fuzzy():
    entries = [entry for entry in po_entries(LOCALE / "django.po") if entry["msgid"]]

    assert entries
    assert [e["msgid"] for e in entries if not e["msgstr"]] == []
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == [], "fuzzy entries are left out of the .mo"


def test_the_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)

    for entry in po_entries(LOCALE / "django.po"):
        if not entry["msgid"]:
            continue
        if "msgctxt" in entry:
            compiled_text = catalogue.pgettext(entry["msgctxt"], entry["msgid"])
        else:
            compiled_text = catalogue.gettext(entry["msgid"])
        assert compiled_text == entry["msgstr"], "run `make messages`"
