"""Every write to deposits: a bank statement's line recorded once, matched to its order by the rule of
docs/contract.md, or left for the seller to match by hand or dismiss."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deposits.models import Deposit
from payments import public as payments
from shop.errors import Conflict, NotFound
from shop.personal_data import FORGOTTEN
from shop.rows import insert_new_rows, update_rows

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


def deposited_at_problem(moment: datetime) -> str | None:
    """What is wrong with a statement line's time, if anything: before 2000, or more than a day ahead."""
    if moment < EARLIEST or moment > timezone.now() + timedelta(days=1):
        return _("a deposit's time must lie between 2000 and tomorrow")
    return None


@dataclasses.dataclass(frozen=True)
class StatementLine:
    transaction_id: str
    deposited_at: datetime
    depositor_name: str
    amount: int


def deposit_record(line: StatementLine) -> tuple[Deposit, bool]:
    """Records a line of the bank statement and matches it at once (deposits_record of one line)."""
    return deposits_record([line])[0]


@transaction.atomic
def deposits_record(lines: Sequence[StatementLine]) -> list[tuple[Deposit, bool]]:
    """Records lines of the bank statement and matches them, in one transaction and in a number of statements
    that does not grow with the lines; for each line (its deposit, True when it is new). A transaction id
    recorded before returns its deposit as it is, and nothing happens.

    Each new line is claimed first, by inserting its row: when two imports of one statement run at once, the
    second one's insert waits for the first one's transaction and then inserts nothing, so each line is
    matched by exactly one of them."""
    first: dict[str, StatementLine] = {}
    for line in lines:
        first.setdefault(line.transaction_id, line)  # a line given twice: the first one
    recorded = Deposit.objects.in_bulk(first, field_name="transaction_id")
    claimed = _claim([line for tid, line in first.items() if tid not in recorded])
    if len(claimed) < len(first) - len(recorded):  # another import claimed some meanwhile
        recorded |= Deposit.objects.in_bulk(
            first.keys() - recorded.keys() - claimed.keys(), field_name="transaction_id"
        )
    new = [claimed[tid] for tid in first if tid in claimed]
    if new:
        _match(new)
        update_rows(new, ["status", "reason", "order_id"])
    answers, told = [], set()
    for line in lines:
        tid = line.transaction_id
        answers.append((claimed.get(tid) or recorded[tid], tid in claimed and tid not in told))  # new only once
        told.add(tid)
    return answers


def _claim(lines: list[StatementLine]) -> dict[str, Deposit]:
    """Inserts a row for each line that nobody has recorded yet, waiting for whoever is recording the same
    transaction id at this moment; {transaction id: deposit} of the rows this call inserted."""
    now = timezone.now()
    deposits = [
        Deposit(
            **dataclasses.asdict(line),
            status=Deposit.Status.UNMATCHED,
            reason=Deposit.Reason.NO_CANDIDATE,
            created_at=now,
        )
        for line in sorted(lines, key=lambda line: line.transaction_id)  # one order: claims never deadlock
    ]
    inserted = insert_new_rows(deposits, CLAIMED_COLUMNS, unique="transaction_id")
    return {deposit.transaction_id: deposit for deposit in inserted}


CLAIMED_COLUMNS = ("transaction_id", "deposited_at", "depositor_name", "amount", "status", "reason", "created_at")


def _match(deposits: list[Deposit]) -> None:
    """The matching rule, line after line: the pending payments of the same normalised name (payments.names)
    and the same amount are the candidates; exactly one is confirmed as the bank statement's doing. The
    candidates stay locked until the lines are recorded, and a payment that one line took is no candidate for
    the next."""
    pending = payments.payments_lock_pending_for_depositors(depositor_names={d.depositor_name for d in deposits})
    taken: set[int] = set()
    for deposit in deposits:
        still_pending = [
            (order_id, amount) for order_id, amount in pending[deposit.depositor_name] if order_id not in taken
        ]
        candidates = [order_id for order_id, amount in still_pending if amount == deposit.amount]
        if len(candidates) == 1:
            taken.add(candidates[0])
            deposit.status, deposit.reason, deposit.order_id = Deposit.Status.MATCHED, "", candidates[0]
        elif len(candidates) > 1:
            deposit.reason = Deposit.Reason.AMBIGUOUS
        elif len(still_pending) == 1:
            deposit.reason = Deposit.Reason.AMOUNT_MISMATCH
        else:
            deposit.reason = Deposit.Reason.NO_CANDIDATE
    matched = [(d.order_id, d.transaction_id) for d in deposits if d.status == Deposit.Status.MATCHED]
    if matched:
        payments.payments_confirm_from_statement(matches=matched)


class DepositNotUnmatched(Conflict):
    def __init__(self, deposit: Deposit) -> None:
        super().__init__(
            _("Deposit %(id)s is %(status)s; only a deposit waiting for the seller can be matched or dismissed.")
            % {"id": deposit.pk, "status": deposit.get_status_display()},
            code="deposit_not_unmatched",
        )


def _lock_unmatched(deposit_id: int) -> Deposit:
    deposit = Deposit.objects.select_for_update().filter(pk=deposit_id).first()
    if deposit is None:
        raise NotFound(_("No such deposit."))
    if deposit.status != Deposit.Status.UNMATCHED:
        raise DepositNotUnmatched(deposit)
    return deposit


@transaction.atomic
def deposit_match(*, deposit_id: int, order_id: int, matched_by) -> Deposit:
    """The seller says which order a waiting deposit pays for. A pending payment of the same amount is
    confirmed; a canceled or already confirmed one makes a refund due. NotFound for an order without a
    payment; Conflict when the deposit is not waiting, or the payment awaits another amount."""
    deposit = _lock_unmatched(deposit_id)
    payments.payment_take_deposit(order_id=order_id, amount=deposit.amount, taken_by=matched_by)
    deposit.status, deposit.reason, deposit.order_id = Deposit.Status.MATCHED, "", order_id
    deposit.decided_by, deposit.decided_at = matched_by, timezone.now()
    deposit.save()
    return deposit


@transaction.atomic
def deposit_dismiss(*, deposit_id: int, dismissed_by) -> Deposit:
    """Money that belongs to no order (a transfer between the shop's own accounts, say)."""
    deposit = _lock_unmatched(deposit_id)
    deposit.status = Deposit.Status.DISMISSED
    deposit.decided_by, deposit.decided_at = dismissed_by, timezone.now()
    deposit.save()
    return deposit


@dataclasses.dataclass
class ImportReport:
    new: int = 0
    matched: int = 0
    unmatched: list[Deposit] = dataclasses.field(default_factory=list)
    already_imported: int = 0
    skipped: int = 0

    def summary(self) -> str:
        return _(
            "%(new)s new (%(matched)s matched, %(unmatched)s unmatched), %(already)s already imported, "
            "%(skipped)s skipped"
        ) % {
            "new": self.new,
            "matched": self.matched,
            "unmatched": len(self.unmatched),
            "already": self.already_imported,
            "skipped": self.skipped,
        }


CHUNK = 500  # lines per transaction of an import: few enough that a chunk holds its locks for a moment only


def deposits_import(lines: Iterable[StatementLine | None]) -> ImportReport:
    """Every line of a checked statement (deposits.statements) through deposits_record, CHUNK lines to a
    transaction; None stands for a line skipped (a withdrawal)."""
    given = list(lines)
    deposits = [line for line in given if line is not None]
    report = ImportReport(skipped=len(given) - len(deposits))
    for start in range(0, len(deposits), CHUNK):
        for deposit, created in deposits_record(deposits[start : start + CHUNK]):
            if not created:
                report.already_imported += 1
                continue
            report.new += 1
            if deposit.status == Deposit.Status.MATCHED:
                report.matched += 1
            else:
                report.unmatched.append(deposit)
    return report


@transaction.atomic
def deposits_forget_depositor(*, order_ids: list[int]) -> int:
    """Replaces the depositor's name on the lines matched to these orders; amounts, times and the bank's
    transaction ids stay (they are the shop's accounting records)."""
    return Deposit.objects.filter(order_id__in=order_ids).update(depositor_name=FORGOTTEN)
