"""Print the current sign-in code of the demo accounts' authenticator (debug only)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import current_code


class Command(BaseCommand):
    help = "Print the current two-factor code for the demo accounts (refuses with DJANGO_DEBUG off)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "demo_code only runs with DJANGO_DEBUG=1: real sites have no demo authenticator. "
                "Staff sign in with their own authenticator app or passkey."
            )
        code, seconds = current_code()
        self.stdout.write(f"{code}")
        self.stderr.write(f"Demo sign-in code, valid for {seconds} more seconds (each code works once).")
