from django.conf import settings
from django.db import models


class UsernameSkeleton(models.Model):
    """The confusable skeleton (accounts/skeleton.py) of each user's name. Unique, so that no two names that
    look alike can both be registered, even by two registrations at the same moment."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True)
    skeleton = models.CharField(max_length=600, unique=True)

    def __str__(self) -> str:
        return self.skeleton
