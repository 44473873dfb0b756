"""Share links: a secret address that shows one working draft to someone without an account.

Only a SHA-256 hash of the token is stored, so the table cannot be turned back into working links.
A link shows exactly the draft it was made for (its fingerprint): once that draft is edited, replaced
or published, or the link expires or is revoked, it answers 410 and says why. Every request that
names a real link is logged with its time and address. docs/architecture.md, "Share links", says why.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from editorial.models import LiveStatus, ReviewedContent, ReviewState, Revision
from editorial.roles import EDITORS, WRITERS, in_group

DEFAULT_DAYS = 7
MAX_DAYS = 30
# Comments an outside reviewer may leave through one link: enough for a careful review, not a flood.
MAX_COMMENTS_PER_LINK = 30


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ShareLink(models.Model):
    class Refusal(models.TextChoices):
        REVOKED = "revoked", "This link was withdrawn by the editorial team."
        EXPIRED = "expired", "This link has expired."
        PUBLISHED = "published", "The draft this link showed has been published, so the link no longer works."
        REPLACED = "replaced", "The draft this link showed has changed since, so the link no longer works."
        GONE = "gone", "The page this link showed no longer exists."

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    draft_fingerprint = models.CharField(max_length=64, editable=False)
    label = models.CharField(
        "shared with",
        max_length=100,
        blank=True,
        help_text="Who the link is for, to tell links apart (e.g. “hepatology reviewer”). Staff only.",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"Share link for {self.content_object}" + (f" ({self.label})" if self.label else "")

    def refusal(self, page: ReviewedContent | None, now: datetime.datetime | None = None) -> str:
        """Return why the link no longer shows its draft (a Refusal value), or "" while it works."""
        now = now or timezone.now()
        if self.revoked_at:
            return self.Refusal.REVOKED
        if self.expires_at <= now:
            return self.Refusal.EXPIRED
        if page is None:
            return self.Refusal.GONE
        published = Revision.objects.filter(
            content_type=self.content_type_id,
            object_id=self.object_id,
            fingerprint=self.draft_fingerprint,
            published_at__gte=self.created_at,
        )
        if published.exists():
            return self.Refusal.PUBLISHED
        if page.draft_fingerprint != self.draft_fingerprint:
            return self.Refusal.REPLACED
        return ""

    @property
    def is_active(self) -> bool:
        return not self.revoked_at and self.expires_at > timezone.now()


class ShareLinkUse(models.Model):
    """One request naming a real share link: when, from where, and what it got."""

    class Outcome(models.TextChoices):
        SHOWN = "shown", "Draft shown"
        COMMENTED = "commented", "Comment left"
        REFUSED = "refused", "Refused"

    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="uses")
    at = models.DateTimeField(default=timezone.now)
    address = models.GenericIPAddressField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    detail = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_outcome_display()} at {self.at:%Y-%m-%d %H:%M}"


def may_share(page: ReviewedContent, user) -> bool:
    """Return whether this person may create and revoke share links for the page: writers and editors."""
    opts = page._meta
    return bool(
        (in_group(user, WRITERS) or in_group(user, EDITORS))
        and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    )


class SharingError(Exception):
    """A share link that cannot be made, with a reason a person can act on."""


def create_link(page: ReviewedContent, *, user, days: int = DEFAULT_DAYS, label: str = "") -> tuple[ShareLink, str]:
    """Make a link to the page's current working draft; return it with its token (shown once, never stored)."""
    if not may_share(page, user):
        raise SharingError("Only writers and editors can share drafts.")
    if not page.draft:
        raise SharingError("Save the draft before sharing it.")
    if page.live_status == LiveStatus.LIVE and page.review_state == ReviewState.PUBLISHED:
        raise SharingError("The working draft is the live page: share its public address instead.")
    if not 1 <= days <= MAX_DAYS:
        raise SharingError(f"A share link lasts from 1 to {MAX_DAYS} days.")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    link = ShareLink.objects.create(
        content_type=page.content_type,
        object_id=page.pk,
        token_hash=hash_token(token),
        draft_fingerprint=page.draft_fingerprint,
        label=label.strip(),
        created_by=user,
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    return link, token


def revoke(link: ShareLink, *, user) -> ShareLink:
    """Withdraw a link at once; it then answers 410.

    The link's row is locked first, as a comment through it is stored under that lock: the revocation's
    time is then taken after every comment that got in, and no comment is stored once it has committed.
    """
    with transaction.atomic():
        link.refresh_from_db(from_queryset=ShareLink.objects.select_for_update())
        if not link.revoked_at:
            link.revoked_at = timezone.now()
            link.revoked_by = user
            link.save(update_fields=["revoked_at", "revoked_by"])
    return link
