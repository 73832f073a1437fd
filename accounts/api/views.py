"""`POST /api/auth/register/` and `POST /api/auth/token/`: thin doors over accounts/services.py."""

from __future__ import annotations

from django.contrib.auth import authenticate, get_user_model, password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from shop.api.fields import CleanTextField
from shop.api.throttling import FailOpenScopedRateThrottle


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
        if user_model.objects.filter(username__iexact=value).exists():
            raise serializers.ValidationError(_("This username is taken."))
        return value

    def validate(self, attrs):
        candidate = get_user_model()(username=attrs["username"])
        try:
            password_validation.validate_password(attrs["password"], user=candidate)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"password": error.messages}) from None
        return attrs


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


class TokenView(AuthThrottled):
    @extend_schema(
        request=CredentialsSerializer,
        responses={200: inline_serializer("TokenIssued", {"token": serializers.CharField()})},
    )
    def post(self, request):
        serializer = CredentialsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request, **serializer.validated_data)
        if user is None or not user.is_active:
            return Response({"detail": _("Wrong username or password.")}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"token": services.account_token(user=user)})
