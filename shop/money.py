"""Money as people read it: the one format of an amount of won in the admin, the commands and the messages."""

from django.utils.translation import gettext as _


def won(amount: int | None) -> str:
    """75,000원 in Korean, 75,000 won in English; an em dash for no amount."""
    return "—" if amount is None else _("%(amount)s won") % {"amount": f"{amount:,}"}
