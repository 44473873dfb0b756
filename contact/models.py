"""Contact requests from visitors, and the notes and view log of the staff who handle them.

Only "Intake staff" and superusers may read these (see contact/admin.py). ``__str__``
never shows personal data, because it ends up in the admin's history and in messages.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    IN_PROGRESS = "in_progress", "In progress"
    CLOSED = "closed", "Closed"
    SPAM = "spam", "Spam"


OPEN_STATUSES = (Status.NEW, Status.CONTACTED, Status.IN_PROGRESS)


class Outcome(models.TextChoices):
    ADMITTED = "admitted", "Admitted"
    REFERRED = "referred", "Referred elsewhere"
    NOT_REACHABLE = "not_reachable", "Not reachable"
    DECLINED = "declined", "Declined"


# The public form shows these in the reader's language; staff screens are always English.
class PreferredContact(models.TextChoices):
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("Email")
    TEXT = "text", _("Text message")


class ForWhom(models.TextChoices):
    SELF = "self", _("Myself")
    LOVED_ONE = "loved_one", _("Someone I care about")


LANGUAGE_CHOICES = [(code, get_language_info(code)["name"]) for code, _name in settings.LANGUAGES]


# Crockford's base32 without I, L, O and U: nothing to mix up when it is read out on the phone.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def reference_for(token: uuid.UUID) -> str:
    """Return the short reference a visitor can quote, e.g. "7KQ4-M2XD": 40 bits of the form's token."""
    bits = token.int >> 88
    chars = "".join(REFERENCE_ALPHABET[(bits >> shift) & 31] for shift in range(35, -1, -5))
    return f"{chars[:4]}-{chars[4:]}"


class ContactRequestQuerySet(models.QuerySet):
    def queue(self):
        """Return the requests staff work through: everything but spam."""
        return self.exclude(status=Status.SPAM)

    def purgeable(self, *, older_than_days: int, now: datetime.datetime | None = None):
        """Return closed and spam requests finished more than ``older_than_days`` ago."""
        cutoff = (now or timezone.now()) - datetime.timedelta(days=older_than_days)
        return (
            self.filter(status__in=(Status.CLOSED, Status.SPAM))
            .alias(finished=Coalesce("closed_at", "created_at"))
            .filter(finished__lt=cutoff)
        )


class ContactRequest(models.Model):
    token = models.UUIDField(
        unique=True, editable=False, help_text="Identifies one filled-in form, so a repeated post is stored once."
    )
    reference = models.CharField(
        max_length=9,
        db_index=True,
        editable=False,
        help_text="What the visitor was shown on the thanks page and may quote on the phone.",
    )
    name = models.CharField(max_length=100)
    phone = models.CharField(max_length=20, blank=True, help_text="Stored in international form, e.g. +12125550123.")
    email = models.EmailField(max_length=254, blank=True)
    preferred_contact = models.CharField("preferred contact", max_length=10, choices=PreferredContact.choices)
    for_whom = models.CharField("asking for", max_length=10, choices=ForWhom.choices)
    message = models.TextField(max_length=2000, blank=True)
    # Staff read the language's English name ("Spanish"): a Spanish request wants a Spanish-speaking counsellor.
    language = models.CharField(
        max_length=10,
        choices=LANGUAGE_CHOICES,
        default=settings.LANGUAGE_CODE,
        editable=False,
        help_text="The language of the form the person sent: call back in it.",
    )
    consent_version = models.CharField(
        max_length=20, editable=False, help_text="The consent text the person agreed to."
    )
    is_urgent = models.BooleanField(
        "urgent", default=False, help_text="Set when the message suggests a crisis; answer these first."
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    outcome = models.CharField(max_length=15, choices=Outcome.choices, blank=True, help_text="Required when closing.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_requests",
        help_text="The intake staff member handling this request.",
    )
    follow_up_on = models.DateField("follow up on", null=True, blank=True)
    spam_reason = models.CharField(max_length=40, blank=True, editable=False)
    sent_fast = models.BooleanField(
        "sent very fast",
        default=False,
        editable=False,
        help_text="Sent within seconds of opening the form (autofill, or a script): still a real request.",
    )
    created_at = models.DateTimeField("received", default=timezone.now, editable=False)
    first_contacted_at = models.DateTimeField("first contacted", null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ContactRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-is_urgent", "-created_at"]
        permissions = [("export_contactrequest", "Can export contact requests as CSV")]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"Request #{self.pk}" if self.pk else "New request"

    def save(self, *args, **kwargs):
        self.reference = reference_for(self.token)
        # Derived from the status, so every path that changes it records the times.
        now = timezone.now()
        if self.status not in (Status.NEW, Status.SPAM) and self.first_contacted_at is None:
            self.first_contacted_at = now
        if self.status == Status.CLOSED:
            self.closed_at = self.closed_at or now
        else:
            self.closed_at = None
        super().save(*args, **kwargs)

    def clean(self):
        if self.status == Status.CLOSED and not self.outcome:
            raise ValidationError({"outcome": "Choose the outcome before closing the request."})
        if self.outcome and self.status != Status.CLOSED:
            raise ValidationError({"outcome": "An outcome belongs to a closed request; set the status to Closed."})

    def get_admin_url(self) -> str:
        """Return the staff page of this request (it has no public page)."""
        return reverse("admin:contact_contactrequest_change", args=[self.pk])

    @property
    def time_to_first_contact(self) -> datetime.timedelta | None:
        if self.first_contacted_at is None:
            return None
        return self.first_contacted_at - self.created_at


class ContactNote(models.Model):
    request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField("note", max_length=4000)
    created_at = models.DateTimeField("written", default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Note by {self.author} at {self.created_at:%Y-%m-%d %H:%M}"


class ContactView(models.Model):
    """One staff member opening or exporting a request: who saw what, when."""

    class Action(models.TextChoices):
        VIEWED = "viewed", "Viewed"
        EXPORTED = "exported", "Exported"

    request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="views")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.VIEWED)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} by {self.user} at {self.at:%Y-%m-%d %H:%M}"
