"""Reading a bank statement export: CSV (UTF-8, with or without BOM, or CP949) or .xlsx, with a header row in
English or Korean. The whole file is checked before anything is imported: a malformed one is refused with its
line number (StatementError), so that a half-imported statement never exists."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from deposits.services import StatementLine, deposited_at_problem

# Each column, by the names a header may give it (compared trimmed and case-folded).
COLUMNS = {
    "transaction_id": ("transaction_id", "거래번호"),
    "deposited_at": ("deposited_at", "거래일시"),
    "depositor_name": ("depositor_name", "입금자명"),
    "amount": ("amount", "입금액"),
}
MAX_TRANSACTION_ID = 64  # deposits.models.Deposit.transaction_id
MAX_NAME = 50  # deposits.models.Deposit.depositor_name


class StatementError(ValueError):
    """The file cannot be imported as it is; `line` is its 1-based line (the header is line 1), or None."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(_("line %(line)s: %(message)s") % {"line": line, "message": message} if line else message)
        self.line = line


def read_statement(filename: str, data: bytes) -> list[StatementLine | None]:
    """Every line of the statement, in order: a StatementLine, or None for a line to skip (no amount, or 0:
    a withdrawal). Raises StatementError for anything that is not a well-formed statement."""
    rows = _xlsx_rows(data) if filename.lower().endswith(".xlsx") else _csv_rows(data)
    rows = [(number, row) for number, row in rows if any(_text(cell) for cell in row)]
    if not rows:
        raise StatementError(_("the file is empty"))
    header_line, header = rows[0]
    positions = _positions(header, header_line)
    lines: list[StatementLine | None] = []
    seen: dict[str, int] = {}
    for number, row in rows[1:]:
        cells = {column: row[index] if index < len(row) else None for column, index in positions.items()}
        amount = _amount(cells["amount"], number)
        if amount is None:
            lines.append(None)
            continue
        transaction_id = _text(cells["transaction_id"])
        if not 1 <= len(transaction_id) <= MAX_TRANSACTION_ID:
            raise StatementError(_("a transaction id of 1 to %(max)s characters is required") % {"max": 64}, number)
        if transaction_id in seen:
            raise StatementError(
                _("transaction id %(id)s is also on line %(other)s")
                % {"id": transaction_id, "other": seen[transaction_id]},
                number,
            )
        seen[transaction_id] = number
        name = _text(cells["depositor_name"])
        if not 1 <= len(name) <= MAX_NAME:
            raise StatementError(
                _("a depositor's name of 1 to %(max)s characters is required") % {"max": MAX_NAME}, number
            )
        lines.append(StatementLine(transaction_id, _when(cells["deposited_at"], number), name, amount))
    return lines


def _csv_rows(data: bytes) -> list[tuple[int, list[Any]]]:
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        try:
            return [(reader.line_num, row) for reader in [csv.reader(io.StringIO(text, newline=""))] for row in reader]
        except csv.Error as error:
            raise StatementError(_("not a readable CSV file: %(error)s") % {"error": error}) from None
    raise StatementError(_("unknown encoding: save the statement as UTF-8 or CP949 (EUC-KR)"))


def _xlsx_rows(data: bytes) -> list[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise StatementError(_("not a readable .xlsx file (%(error)s)") % {"error": type(error).__name__}) from None
    try:
        return [(number, list(row)) for number, row in enumerate(book.worksheets[0].iter_rows(values_only=True), 1)]
    finally:
        book.close()


def _positions(header: list[Any], line: int) -> dict[str, int]:
    names = [_text(cell).casefold() for cell in header]
    positions = {}
    for column, accepted in COLUMNS.items():
        found = [index for index, name in enumerate(names) if name in accepted]
        if not found:
            raise StatementError(
                _("missing column %(column)s (or %(korean)s)") % {"column": accepted[0], "korean": accepted[1]}, line
            )
        positions[column] = found[0]
    return positions


def _text(cell: Any) -> str:
    return "" if cell is None else str(cell).strip()


def _amount(cell: Any, line: int) -> int | None:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if cell != int(cell) or cell < 0:
            raise StatementError(_("the amount %(amount)s is not a whole number of won") % {"amount": cell}, line)
        return int(cell) or None
    raw = re.sub(r"[,\s]|원$", "", _text(cell))
    if not raw:
        return None
    if not re.fullmatch(r"[0-9]{1,15}", raw):
        raise StatementError(_("the amount %(amount)r is not a whole number of won") % {"amount": _text(cell)}, line)
    return int(raw) or None


def _when(cell: Any, line: int) -> datetime:
    if isinstance(cell, datetime):
        moment = cell
    else:
        raw = _text(cell)
        # 2026-12-02 14:03:05, 2026.12.02 14:03, 2026/12/02T14:03:05+09:00 …
        normalised = re.sub(r"^(\d{4})[./](\d{1,2})[./](\d{1,2})", r"\1-\2-\3", raw)
        normalised = re.sub(r"^(\d{4})-(\d)(?=-)", r"\1-0\2", normalised)
        normalised = re.sub(r"^(\d{4}-\d{2})-(\d)(?!\d)", r"\1-0\2", normalised)
        try:
            moment = datetime.fromisoformat(normalised)
        except ValueError:
            raise StatementError(
                _("the time %(value)r is not a date and time such as 2026-12-02 14:03:05") % {"value": raw}, line
            ) from None
    moment = moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    if problem := deposited_at_problem(moment):
        raise StatementError(problem, line)
    return moment
