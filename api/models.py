"""Partner keys and webhooks (docs/architecture.md, "Partner keys, limits and webhooks").

A key is stored as the SHA-256 of a random token, never the token: the token is shown once, when a superuser
creates it. A webhook subscription belongs to a key; each event it asks for is one ``WebhookDelivery``, written
in the transaction of the publish or unpublish it reports, and each try to send it one ``WebhookAttempt``.
"""

import datetime
import hashlib
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .addresses import refusal

# At most one write of ``last_used_at`` per key in this long, so a read is not a write each time.
LAST_USED_EVERY = datetime.timedelta(minutes=1)
PREFIX_LENGTH = 8


def token_hash(token: str) -> str:
    """Return the stored form of a key: SHA-256, enough for 256 random bits (no password stretching needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


class PartnerKeyQuerySet(models.QuerySet):
    def usable(self) -> "PartnerKeyQuerySet":
        return self.filter(revoked_at=None)


class PartnerKey(models.Model):
    """A partner's key to the read API: its own rate limit, its webhooks, revocable at any time."""

    name = models.CharField(max_length=100, help_text="The partner, as staff will recognise it.")
    contact = models.TextField(
        blank=True, help_text="Who to ask at the partner about this key, and how (kept for staff only)."
    )
    prefix = models.CharField(
        max_length=PREFIX_LENGTH, editable=False, help_text="The key's first characters, to recognise it in logs."
    )
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    rate_per_minute = models.PositiveIntegerField(
        "requests per minute", default=120, help_text="Requests past this in a minute are answered 429."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PartnerKeyQuerySet.as_manager()

    # The token of a key just issued, in memory only: the admin shows it once, on the page answering its creation.
    new_token = ""

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "partner key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def issue(self) -> str:
        """Give the key a new random token; return it (the only time it is readable) and keep its hash."""
        token = secrets.token_urlsafe(32)
        self.prefix = token[:PREFIX_LENGTH]
        self.secret_hash = token_hash(token)
        return token

    def note_use(self, now: datetime.datetime) -> None:
        """Record that the key was used now, writing at most once a minute."""
        if self.last_used_at and now - self.last_used_at < LAST_USED_EVERY:
            return
        PartnerKey.objects.filter(pk=self.pk).update(last_used_at=now)
        self.last_used_at = now


class Event(models.TextChoices):
    PUBLISHED = "published", "Published (first time, or again after a withdrawal)"
    UPDATED = "updated", "Updated"
    CORRECTED = "corrected", "Corrected"
    UNPUBLISHED = "unpublished", "Unpublished (withdrawn)"


def signing_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def validate_target(url: str) -> None:
    problem = refusal(url)
    if problem:
        raise ValidationError(problem)


class WebhookSubscription(models.Model):
    """Where a partner wants to hear of changes, and which changes."""

    key = models.ForeignKey(PartnerKey, on_delete=models.CASCADE, related_name="subscriptions")
    url = models.URLField(
        "target address",
        max_length=500,
        validators=[validate_target],
        help_text="An https address on the public internet; the partner's server receives each event there.",
    )
    on_published = models.BooleanField("published", default=True)
    on_updated = models.BooleanField("updated", default=True)
    on_corrected = models.BooleanField("corrected", default=True)
    on_unpublished = models.BooleanField("unpublished", default=True)
    secret = models.CharField(
        "signing secret",
        max_length=60,
        default=signing_secret,
        editable=False,
        help_text="The partner checks each delivery's signature with it; give it to them over a safe channel.",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "pk"]
        verbose_name = "webhook subscription"

    def __str__(self) -> str:
        return f"{self.key.name}: {self.url}"

    def clean(self) -> None:
        events = [self.on_published, self.on_updated, self.on_corrected, self.on_unpublished]
        if not any(events):
            raise ValidationError("Choose at least one event, or make the subscription inactive.")


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed (retries spent)"


class WebhookDelivery(models.Model):
    """One event for one subscription: the exact body sent (so its signature can be checked), and its outcome."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=20, choices=Event.choices)
    body = models.TextField(help_text="The JSON sent, byte for byte.")
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=20, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.event} to {self.subscription.key.name} ({self.state})"


class WebhookAttempt(models.Model):
    """One try to send a delivery: the status the partner answered, or the class of the error."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    at = models.DateTimeField()
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=100, blank=True, help_text="The class of the error, e.g. ConnectionRefused.")

    class Meta:
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"attempt {self.number}: {self.status_code or self.error}"
