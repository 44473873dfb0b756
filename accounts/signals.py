"""Receivers that feed the security log and the session register from Django, axes and django-otp."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.models import Group, User
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from . import audit, sessions
from .factors import factor_kind

Kind = audit.Kind
DEVICE_MODELS = (TOTPDevice, StaticDevice, WebAuthnCredential)


@receiver(user_logged_in)
def signed_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    sessions.start(request, user)
    audit.record(Kind.SIGNED_IN, request=request, user=user)


@receiver(user_logged_out)
def signed_out(sender, request, user, **kwargs):
    if request is None:
        return
    sessions.forget(request.session.session_key)
    if user is not None:
        audit.record(Kind.SIGNED_OUT, request=request, user=user, actor=user)


@receiver(user_login_failed)
def sign_in_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "")
    user = User.objects.filter(username=username).first()
    audit.record(Kind.SIGN_IN_FAILED, request=request, user=user, username=username)


@receiver(user_locked_out)
def locked_out(sender, request, username, ip_address, **kwargs):
    user = User.objects.filter(username=username).first()
    audit.record(Kind.LOCKED_OUT, request=request, user=user, username=username or "")


def device_saved(sender, instance, created, **kwargs):
    if created and instance.confirmed:
        kind = Kind.RECOVERY_CODES if sender is StaticDevice else Kind.FACTOR_ADDED
        audit.record(kind, user=instance.user, detail=f"{factor_kind(instance)}: {instance.name}")


def device_deleted(sender, instance, **kwargs):
    audit.record(Kind.FACTOR_REMOVED, user=instance.user, detail=f"{factor_kind(instance)}: {instance.name}")


for model in DEVICE_MODELS:
    post_save.connect(device_saved, sender=model, dispatch_uid=f"accounts-saved-{model.__name__}")
    post_delete.connect(device_deleted, sender=model, dispatch_uid=f"accounts-deleted-{model.__name__}")


@receiver(pre_save, sender=User)
def account_changing(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (update_fields is not None and set(update_fields) == {"last_login"}):
        return
    fields = ("password", "is_staff", "is_superuser", "is_active")
    before: dict[str, Any] | None = User.objects.filter(pk=instance.pk).values(*fields).first()
    if before is None:
        return
    changes = [
        f"{flag} {'on' if getattr(instance, flag) else 'off'}"
        for flag in ("is_staff", "is_superuser", "is_active")
        if before[flag] != getattr(instance, flag)
    ]
    if changes:
        audit.record(Kind.ACCESS_CHANGED, user=instance, detail=", ".join(changes))
    # This module's own marker for its post_save receiver below, not a Django internal.
    instance._accounts_password_changed = before["password"] != instance.password  # noqa: SLF001


@receiver(post_save, sender=User)
def account_changed(sender, instance, created, **kwargs):
    if created or not getattr(instance, "_accounts_password_changed", False):
        return
    instance._accounts_password_changed = False  # noqa: SLF001 - this module's own marker (above)
    request = audit.current_request.get()
    keep = None
    if request is not None and getattr(request, "user", None) == instance:
        keep = request.session.session_key
    ended = sessions.end_other_sessions(instance, keep=keep)
    audit.record(Kind.PASSWORD_CHANGED, user=instance, detail=f"{ended} other session(s) signed out")


def _names(model, pk_set):
    return ", ".join(sorted(str(obj) for obj in model.objects.filter(pk__in=pk_set or ())))


@receiver(m2m_changed, sender=User.groups.through)
def groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    verb = {"post_add": "added to", "post_remove": "removed from", "pre_clear": "removed from"}[action]
    if reverse:  # group.user_set changed: one entry per user
        for user in User.objects.filter(pk__in=pk_set or ()):
            audit.record(Kind.ACCESS_CHANGED, user=user, detail=f"{verb} group {instance.name}")
    elif action == "pre_clear":
        names = ", ".join(instance.groups.values_list("name", flat=True))
        if names:
            audit.record(Kind.ACCESS_CHANGED, user=instance, detail=f"{verb} group(s) {names}")
    else:
        audit.record(Kind.ACCESS_CHANGED, user=instance, detail=f"{verb} group(s) {_names(model, pk_set)}")


@receiver(m2m_changed, sender=User.user_permissions.through)
@receiver(m2m_changed, sender=Group.permissions.through)
def permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Log permissions given to or taken from one account directly, or from one group."""
    if reverse or action not in ("post_add", "post_remove", "pre_clear"):
        return
    if sender is Group.permissions.through:
        who, gained, everything = {"username": f"group {instance.name}"}, "gained", "all permissions"
    else:
        who, gained, everything = {"user": instance}, "given", "all direct permissions"
    verb = gained if action == "post_add" else "lost"
    names = everything if action == "pre_clear" else _names(model, pk_set)
    audit.record(Kind.ACCESS_CHANGED, detail=f"{verb} permission(s) {names}", **who)
