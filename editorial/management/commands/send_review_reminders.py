"""Mail the medical reviewers and editors a digest of live pages whose medical review is due."""

from typing import Any

from django.core.management.base import BaseCommand

from editorial.tasks import mail_review_digest


class Command(BaseCommand):
    help = (
        "E-mail reviewers and editors the list of live pages due for medical review (daily; the worker "
        "schedules it, and a second run the same day sends nothing new)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        pages, sent = mail_review_digest()
        if not pages:
            self.stdout.write("No page is due for medical review; nothing sent.")
            return
        self.stdout.write(f"Sent a digest of {pages} page(s) due for review to {sent} people.")
