"""The one rule for comparing a depositor's name on a payment with the name on a bank statement's line."""

from __future__ import annotations

import unicodedata

KEY_LENGTH = 100  # payments.models.Payment.depositor_key


def depositor_key(name: str) -> str:
    """The name as deposits are matched on it: Unicode NFKC (full-width letters, compatibility forms), every
    whitespace removed, letters case-folded. "홍 길동", "홍길동 " and "ＨＯＮＧ gildong" match "홍길동" and
    "honggildong"."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return "".join(folded.split())[:KEY_LENGTH]
