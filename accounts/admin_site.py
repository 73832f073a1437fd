"""The seller's admin site: Django's, plus the second factor (accounts.second_factor) at the door.

Whoever has an authenticator enrolled (and every superuser once SUPERUSER_OTP_REQUIRED is on) is let in only
by a session that gave its code; a session signed in before the enrolment has to sign in again.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login

from accounts import second_factor


class SellerAuthenticationForm(AdminAuthenticationForm):
    otp_token = forms.CharField(
        label=gettext_lazy("Authenticator code"),
        required=False,
        help_text=gettext_lazy("Only if you set up an authenticator app."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)  # active staff only
        if not second_factor.required_for(user):
            return
        try:
            device = second_factor.check_at_sign_in(user, self.cleaned_data.get("otp_token", ""))
        except second_factor.SecondFactorRefused as refused:
            raise forms.ValidationError(str(refused), code="second_factor_refused") from None
        # django_otp's user_logged_in receiver marks the session as verified with this device.
        user.otp_device = device


class CodeForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("Authenticator code"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class SellerAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Shop administration")
    site_title = gettext_lazy("Shop administration")
    site_url = "/api/docs/"  # "view site": the shop has no pages of its own, its customers use the API
    login_form = SellerAuthenticationForm
    login_template = "accounts/admin_login.html"
    index_template = "accounts/admin_index.html"  # links the second factor's page beside the password's

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        user = request.user
        return user.is_verified() or not second_factor.required_for(user)

    def get_urls(self):
        return [
            path("second-factor/", self.admin_view(self.second_factor_view), name="second-factor"),
            *super().get_urls(),
        ]

    def second_factor_view(self, request):
        """The signed-in seller turns the authenticator on (scan, then confirm with a code) or off (with a code)."""
        user = request.user
        form = CodeForm(request.POST or None)
        if request.method == "POST":
            action = request.POST.get("action")
            if action == "start":
                second_factor.enrolment_start(user)
                return redirect("admin:second-factor")
            if form.is_valid():
                token = form.cleaned_data["otp_token"]
                try:
                    if action == "confirm":
                        device = second_factor.enrolment_confirm(user, token)
                        otp_login(request, device)  # this session gave the code: it stays in
                        messages.success(request, _("From now on, signing in asks for a code from your app."))
                        return redirect("admin:index")
                    if action == "remove" and (device := second_factor.device_of(user)) is not None:
                        second_factor.verify(device, token)
                        second_factor.second_factor_remove(user)
                        messages.success(request, _("Signing in no longer asks for a code."))
                        return redirect("admin:index")
                except second_factor.SecondFactorRefused as refused:
                    form.add_error("otp_token", str(refused))
        enrolled = second_factor.device_of(user)
        pending = None if enrolled else second_factor.enrolment_pending(user)
        context = {
            **self.each_context(request),
            "title": _("Second factor"),
            "form": form,
            "enrolled": enrolled is not None,
            "pending": pending is not None,
        }
        if pending is not None:
            context["qr_svg"] = second_factor.qr_svg(pending)
            context["secret"] = second_factor.secret_of(pending)
        return TemplateResponse(request, "accounts/second_factor.html", context)
