"""`/api/auth/`: register, sign in (a token per device), sign out of one device or all, change the password.
Thin doors over accounts/services.py."""

from __future__ import annotations

from django.contrib.auth import authenticate, get_user_model, password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.auth import TokenAuthentication
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import second_factor, services
from shop.api.fields import CleanTextField
from shop.api.throttling import FailedSignInThrottle, FailOpenScopedRateThrottle


class CredentialsSerializer(serializers.Serializer):
    username = CleanTextField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})

    def validate_username(self, value: str) -> str:
        return get_user_model().normalize_username(value)  # NFKC, as create_user stores it: "Ａlice" is "Alice"


class RegisterSerializer(CredentialsSerializer):
    # What Django's password validators (AUTH_PASSWORD_VALIDATORS) will insist on, said here for the schema.
    password = serializers.CharField(
        min_length=8,
        max_length=128,
        trim_whitespace=False,
        style={"input_type": "password"},
        validators=[RegexValidator(r"\D", _("This password is entirely numeric."))],  # NumericPasswordValidator
    )

    def validate_username(self, value: str) -> str:
        user_model = get_user_model()
        value = super().validate_username(value)
        longest = user_model._meta.get_field("username").max_length
        if len(value) > longest:  # NFKC can lengthen: "ﷺ" is 18 letters
            self.fields["username"].fail("max_length", max_length=longest)
        try:
            user_model.username_validator(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        if services.username_taken(value):  # that name, whatever its case, or one that looks like it
            raise serializers.ValidationError(_("This username is taken."))
        return value

    def validate(self, attrs):
        candidate = get_user_model()(username=attrs["username"])
        try:
            password_validation.validate_password(attrs["password"], user=candidate)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"password": error.messages}) from None
        return attrs


TOKEN_ISSUED = inline_serializer("TokenIssued", {"token": serializers.CharField()})


class AuthThrottled(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [FailOpenScopedRateThrottle]
    throttle_scope = "auth"


class RegisterView(AuthThrottled):
    @extend_schema(
        request=RegisterSerializer,
        responses={
            201: inline_serializer(
                "Registered",
                {
                    "id": serializers.IntegerField(),
                    "username": serializers.CharField(),
                    "token": serializers.CharField(),
                },
            )
        },
    )
    def post(self, request):
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        username, password = serializer.validated_data["username"], serializer.validated_data["password"]
        try:
            user_id, token = services.account_register(username=username, password=password)
        except services.UsernameTaken:
            return Response({"username": [_("This username is taken.")]}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"id": user_id, "username": username, "token": token}, status=status.HTTP_201_CREATED)


class SignInSerializer(CredentialsSerializer):
    otp_token = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=16,
        help_text=_("The 6-digit code of the authenticator app, for an account that signs in with one."),
    )


class TokenView(AuthThrottled):
    throttle_classes: list = []  # only failures count (FailedSignInThrottle)

    @extend_schema(
        request=SignInSerializer,
        responses={200: TOKEN_ISSUED},
    )
    def post(self, request):
        """A token for one more device. An account with a second factor (a seller who enrolled an authenticator
        app, or any superuser while SUPERUSER_OTP_REQUIRED is on) gives its code too, as at the admin's door:
        a staff token confirms deposits, so a password alone must not buy one."""
        serializer = SignInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        credentials = {name: serializer.validated_data[name] for name in ("username", "password")}
        throttle = FailedSignInThrottle(credentials["username"])
        if not throttle.allow_request(request, self):
            self.throttled(request, throttle.wait())
        user = authenticate(request, **credentials)
        if user is None or not user.is_active:
            throttle.failed()
            return Response({"detail": _("Wrong username or password.")}, status=status.HTTP_400_BAD_REQUEST)
        if second_factor.required_for(user):
            try:
                second_factor.check_at_sign_in(user, serializer.validated_data.get("otp_token", ""))
            except second_factor.SecondFactorRefused as refused:
                return Response({"otp_token": [str(refused)]}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"token": services.token_issue(user=user)})


class SignedInWithToken(APIView):
    """The doors of a signed-in device: they act on the token the request was made with."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]


class LogoutView(SignedInWithToken):
    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        """This token stops working; the user's other devices stay signed in."""
        services.token_revoke(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllView(SignedInWithToken):
    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        """Every token of the user stops working: every device is signed out."""
        services.tokens_revoke_all(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordChangeSerializer(serializers.Serializer):
    old_password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})
    new_password = serializers.CharField(
        min_length=8, max_length=128, trim_whitespace=False, style={"input_type": "password"}
    )


class PasswordChangeView(SignedInWithToken):
    @extend_schema(request=PasswordChangeSerializer, responses={200: TOKEN_ISSUED})
    def post(self, request):
        """A new password; every other device is signed out, and this one gets a fresh token."""
        serializer = PasswordChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        throttle = FailedSignInThrottle(request.user.get_username())  # a stolen token must not guess the password
        if not throttle.allow_request(request, self):
            self.throttled(request, throttle.wait())
        try:
            token = services.password_change(user=request.user, **serializer.validated_data)
        except services.WrongPassword:
            throttle.failed()
            raise
        return Response({"token": token})
