from django import forms
from django.contrib import admin, messages
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from deposits import services
from deposits.models import Deposit
from deposits.statements import StatementError, read_statement
from payments import public as payments
from shop.admin_tools import ReadOnlyAdmin, money_cell, unbroken
from shop.api.middleware import takes_body_up_to
from shop.errors import DomainError
from shop.money import won

# A year of a busy shop's statement is a few MB; the API's bodies stay within MAX_REQUEST_BODY_BYTES.
STATEMENT_MAX_BYTES = 10 * 1024 * 1024


class StatementUploadForm(forms.Form):
    statement = forms.FileField(
        label=_("bank statement"),
        help_text=_(
            "CSV (UTF-8 or CP949) or .xlsx, with the columns 거래번호, 거래일시, 입금자명, 입금액; up to 10 MB."
        ),
    )


class MatchForm(forms.Form):
    order_id = forms.IntegerField(label=_("order number"), min_value=1, max_value=2**63 - 1)


@admin.register(Deposit)
class DepositAdmin(ReadOnlyAdmin):
    """The bank statement's lines: those waiting for the seller first, each with a way to match it."""

    list_display = ["transaction_id", "deposited_at", "depositor_name", "money", "status", "reason", "order", "act"]
    list_filter = ["status", "reason"]
    search_fields = ["=transaction_id", "depositor_name", "=order_id"]
    actions = ["dismiss"]
    readonly_fields = [
        "transaction_id",
        "deposited_at",
        "depositor_name",
        "money",
        "status",
        "reason",
        "order_id",
        "created_at",
        "decided_by",
        "decided_at",
    ]
    exclude = ["amount"]

    def get_queryset(self, request):
        waiting_first = Case(
            When(status=Deposit.Status.UNMATCHED, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        return super().get_queryset(request).annotate(waiting=waiting_first).order_by("waiting", "-deposited_at", "-id")

    def get_urls(self):
        own = [
            path(
                "upload/",
                takes_body_up_to(STATEMENT_MAX_BYTES)(self.admin_site.admin_view(self.upload_view)),
                name="deposits_deposit_upload",
            ),
            path("<int:deposit_id>/match/", self.admin_site.admin_view(self.match_view), name="deposits_deposit_match"),
        ]
        return own + super().get_urls()

    @admin.display(description=_("amount"), ordering="amount")
    def money(self, deposit):
        return money_cell(deposit.amount)

    @admin.display(description=_("order"), ordering="order_id")
    def order(self, deposit):
        if deposit.order_id is None:
            return "—"
        url = reverse("admin:orders_order_change", args=[deposit.order_id])
        return format_html('<a href="{}">{}</a>', url, deposit.order_id)

    @admin.display(description="")
    def act(self, deposit):
        if deposit.status != Deposit.Status.UNMATCHED:
            return ""
        url = reverse("admin:deposits_deposit_match", args=[deposit.pk])
        return unbroken(format_html('<a class="button" href="{}">{}</a>', url, _("match to order")))

    @admin.action(description=_("Dismiss: money that belongs to no order"))
    def dismiss(self, request, queryset):
        for deposit_id in sorted(queryset.values_list("pk", flat=True)):
            try:
                services.deposit_dismiss(deposit_id=deposit_id, dismissed_by=request.user)
            except DomainError as refused:
                self.message_user(request, refused.message, messages.WARNING)
            else:
                self.message_user(request, _("Deposit %(id)s dismissed.") % {"id": deposit_id}, messages.SUCCESS)

    def match_view(self, request, deposit_id: int):
        deposit = get_object_or_404(Deposit, pk=deposit_id)
        data = request.POST.copy() if request.method == "POST" else None
        if data is not None and data.get("candidate"):  # a candidate picked, rather than a number typed
            data["order_id"] = data["candidate"]
        form = MatchForm(data)
        if request.method == "POST" and form.is_valid():
            try:
                services.deposit_match(
                    deposit_id=deposit.pk, order_id=form.cleaned_data["order_id"], matched_by=request.user
                )
            except DomainError as refused:
                self.message_user(request, refused.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Deposit %(id)s matched to order %(order)s.")
                    % {"id": deposit.pk, "order": form.cleaned_data["order_id"]},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:deposits_deposit_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Match deposit %(id)s to an order") % {"id": deposit.transaction_id},
            "deposit": deposit,
            "amount": won(deposit.amount),
            "candidates": [
                {**candidate, "amount": won(deposit.amount)}
                for candidate in payments.payments_pending_with_amount(amount=deposit.amount)
            ],
            "form": form,
        }
        return TemplateResponse(request, "admin/deposits/deposit/match.html", context)

    def upload_view(self, request):
        form = StatementUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["statement"]
            try:
                lines = read_statement(upload.name, upload.read())
            except StatementError as error:
                self.message_user(request, _("%(error)s; nothing was imported.") % {"error": error}, messages.ERROR)
            else:
                report = services.deposits_import(lines)
                self.message_user(request, report.summary(), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:deposits_deposit_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a bank statement"),
            "form": form,
        }
        return TemplateResponse(request, "admin/deposits/deposit/upload.html", context)
