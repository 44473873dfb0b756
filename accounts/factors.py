"""A staff member's second factors: what they have, enrolling a new one, recovery codes, a superuser's reset."""

import base64
import binascii
import time

import segno
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key
from django_otp_webauthn.models import WebAuthnCredential

from . import audit, sessions

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Recovery codes"
KINDS = {TOTPDevice: "Authenticator app", StaticDevice: "Recovery codes", WebAuthnCredential: "Passkey"}


def factor_kind(device) -> str:
    return KINDS.get(type(device), type(device).__name__)


def has_second_factor(user) -> bool:
    """True when the user has an authenticator app or a passkey (recovery codes alone do not count)."""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    )


def has_any_device(user) -> bool:
    return user_has_device(user)


def factors(user) -> list:
    """Every confirmed device of the user, oldest first."""
    return sorted(devices_for_user(user), key=lambda device: (device.created_at is None, device.created_at))


def new_totp_key() -> str:
    return default_key()


def totp_setup(user, key_hex: str) -> dict:
    """What the enrolment page shows: the otpauth URL as a QR code (SVG data URI) and the key typed by hand."""
    device = TOTPDevice(user=user, key=key_hex, name="Authenticator app")
    qr = segno.make(device.config_url, error="m")
    return {
        "qr_data_uri": qr.svg_data_uri(scale=5, dark="#000", light="#fff"),
        "secret": base64.b32encode(binascii.unhexlify(key_hex)).decode().rstrip("="),
    }


def confirm_totp(user, key_hex: str, token: str) -> TOTPDevice | None:
    """Save an authenticator-app device if ``token`` is a current code for ``key_hex``."""
    device = TOTPDevice(user=user, key=key_hex, name="Authenticator app", confirmed=True)
    # Checked with django-otp's TOTP directly: the device's own verify_token saves it even on a wrong code.
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not token.isdigit() or not totp.verify(int(token), device.tolerance):
        return None
    device.last_t = totp.t()  # so the code that enrolled it cannot also sign in
    device.drift = totp.drift
    device.save()
    return device


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with a fresh set and return them (shown once, stored as typed)."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        device.save()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def reset(user, *, request) -> int:
    """Remove every second factor of ``user`` and sign out all their sessions; logged with who did it."""
    with transaction.atomic():
        removed = 0
        for model in KINDS:
            removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
        ended = sessions.end_other_sessions(user, keep=request.session.session_key if request.user == user else None)
        audit.record(
            audit.Kind.FACTORS_RESET,
            request=request,
            user=user,
            actor=request.user,
            detail=f"{removed} factor(s) removed, {ended} session(s) signed out",
        )
    return removed
