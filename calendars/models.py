"""The secret address of each staff member's iCal feed: only a hash of it is stored."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """One staff member's calendar subscription; deleting it revokes the address at once."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "calendar feed"

    def __str__(self):
        return f"Calendar feed of {self.user}"

    @classmethod
    def issue(cls, user) -> str:
        """Give ``user`` a new secret feed address, replacing any old one; return the secret (shown once)."""
        token = secrets.token_urlsafe(32)
        cls.objects.update_or_create(
            user=user, defaults={"token_hash": token_hash(token), "created_at": timezone.now()}
        )
        return token

    @classmethod
    def for_token(cls, token: str) -> "CalendarFeed | None":
        return cls.objects.select_related("user").filter(token_hash=token_hash(token)).first()
