"""The demo accounts' authenticator: one published secret, used only with debug on."""

import time

from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

# Published on purpose (README): anyone can compute its codes, so it is only ever set up with DEBUG on.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"  # noqa: S105
DEMO_DEVICE_NAME = "Demo authenticator (debug only)"


def give_demo_device(user) -> TOTPDevice:
    """Give ``user`` the demo authenticator; refuse unless debug is on."""
    if not settings.DEBUG:
        raise RuntimeError("The demo authenticator is only set up with DJANGO_DEBUG=1.")
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name=DEMO_DEVICE_NAME, defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
    )
    return device


def current_code() -> tuple[str, int]:
    """Return the demo code for now and how many seconds it stays valid."""
    totp = TOTP(bytes.fromhex(DEMO_TOTP_KEY))
    now = time.time()
    totp.time = now
    return f"{totp.token():06d}", int(30 - now % 30)
