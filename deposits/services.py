"""Every write to deposits: a bank statement's line recorded once, matched to its order by the rule of
docs/contract.md, or left for the seller to match by hand or dismiss."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deposits.models import Deposit
from payments import public as payments
from shop.errors import Conflict, NotFound
from shop.personal_data import FORGOTTEN

LOOKS = 3  # a candidate confirmed or canceled by someone else meanwhile: look again, this many times at most


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
    """Records a line of the bank statement and matches it at once; (the deposit, True) when it is new. The
    same transaction id again returns the deposit as it is, and nothing happens: also when two imports of
    one statement run at once (the second one's insert meets the first one's, and its whole transaction,
    a confirmation included, rolls back)."""
    existing = Deposit.objects.filter(transaction_id=line.transaction_id).first()
    if existing is not None:
        return existing, False
    try:
        return _record(line), True
    except IntegrityError:
        return Deposit.objects.get(transaction_id=line.transaction_id), False


@transaction.atomic
def _record(line: StatementLine) -> Deposit:
    deposit = Deposit(**dataclasses.asdict(line))
    _match(deposit)
    deposit.save(force_insert=True)  # last: a concurrent import of the same line fails here, and undoes all
    return deposit


def _match(deposit: Deposit) -> None:
    """The matching rule: the pending payments of the same normalised name (payments.names) and the same
    amount are the candidates; exactly one is confirmed as the bank statement's doing."""
    for _look in range(LOOKS):
        pending = payments.payments_pending_for_depositor(depositor_name=deposit.depositor_name)
        candidates = [order_id for order_id, amount in pending if amount == deposit.amount]
        if len(candidates) == 1:
            try:
                payments.payment_confirm_from_statement(order_id=candidates[0], transaction_id=deposit.transaction_id)
            except payments.PaymentNotPending:
                continue
            deposit.status, deposit.reason, deposit.order_id = Deposit.Status.MATCHED, "", candidates[0]
            return
        if len(candidates) > 1:
            reason = Deposit.Reason.AMBIGUOUS
        elif len(pending) == 1:
            reason = Deposit.Reason.AMOUNT_MISMATCH
        else:
            reason = Deposit.Reason.NO_CANDIDATE
        deposit.status, deposit.reason = Deposit.Status.UNMATCHED, reason
        return
    deposit.status, deposit.reason = Deposit.Status.UNMATCHED, Deposit.Reason.NO_CANDIDATE


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


def deposits_import(lines: Iterable[StatementLine | None]) -> ImportReport:
    """Every line of a checked statement (deposits.statements) through deposit_record, each in its own
    transaction; None stands for a line skipped (a withdrawal)."""
    report = ImportReport()
    for line in lines:
        if line is None:
            report.skipped += 1
            continue
        deposit, created = deposit_record(line)
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
