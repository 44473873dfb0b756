"""The security log and the register of signed-in staff sessions."""

from django.conf import settings
from django.db import models


class SecurityEvent(models.Model):
    """One thing that happened to a staff account: who, when, from where; never a password or a code."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in with a password"
        SIGN_IN_FAILED = "sign_in_failed", "Wrong password"
        LOCKED_OUT = "locked_out", "Locked out"
        SIGNED_OUT = "signed_out", "Signed out"
        VERIFIED = "verified", "Second factor accepted"
        VERIFY_FAILED = "verify_failed", "Second factor refused"
        FACTOR_ADDED = "factor_added", "Second factor enrolled"
        FACTOR_REMOVED = "factor_removed", "Second factor removed"
        FACTORS_RESET = "factors_reset", "Second factors reset"
        RECOVERY_CODES = "recovery_codes", "New recovery codes made"
        SESSION_EXPIRED = "session_expired", "Session ended by time limit"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        ACCESS_CHANGED = "access_changed", "Groups or permissions changed"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="security_events",
        help_text="The account this is about.",
    )
    username = models.CharField(max_length=150, help_text="As typed or as it was then, kept if the account goes.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who did it, when it was someone else (a superuser resetting factors, changing groups).",
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "security log entry"
        verbose_name_plural = "security log"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.username}"


class SignedInSession(models.Model):
    """A session a staff member is signed in with, so a password change or factor reset can end the others."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    signed_in_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.user} since {self.signed_in_at:%Y-%m-%d %H:%M}"
