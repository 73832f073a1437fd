from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from deposits.services import deposits_import
from deposits.statements import StatementError, read_statement
from shop.money import won


class Command(BaseCommand):
    help = (
        "Imports a bank statement export (CSV in UTF-8 or CP949, or .xlsx; English or Korean headers) and matches "
        "each deposit to its order. The whole file is checked first: a malformed one imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args, file, **options):
        # In English, whatever the shop's language: an operator's terminal, and the scripts that read it.
        with translation.override("en"):
            self._import(Path(file))

    def _import(self, path: Path) -> None:
        file = str(path)
        try:
            lines = read_statement(path.name, path.read_bytes())
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        except StatementError as error:
            raise CommandError(f"{file}: {error}; nothing was imported") from None
        report = deposits_import(lines)
        self.stdout.write(report.summary())
        for deposit in report.unmatched:
            self.stdout.write(
                f"unmatched: {deposit.transaction_id} {deposit.deposited_at:%Y-%m-%d %H:%M} "
                f"{deposit.depositor_name} {won(deposit.amount)} ({deposit.reason})"
            )
