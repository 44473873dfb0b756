"""Mail the medical reviewers and editors a digest of live pages whose medical review is due."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string

from editorial.queues import overdue_reviews
from editorial.roles import EDITORS, group_members, licensed_reviewers


class Command(BaseCommand):
    help = "E-mail reviewers and editors the list of live pages due for medical review (run daily)."

    def handle(self, *args, **options):
        items = overdue_reviews()
        if not items:
            self.stdout.write("No page is due for medical review; nothing sent.")
            return
        users = {*licensed_reviewers(), *group_members(EDITORS)}
        addresses = sorted({user.email for user in users if user.email})
        context = {"items": items, "site_url": settings.SITE_URL}
        subject = " ".join(render_to_string("editorial/email/review_reminder_subject.txt", context).split())
        body = render_to_string("editorial/email/review_reminder.txt", context)
        # One message per person, so staff addresses are not shared around.
        sent = get_connection().send_messages([EmailMessage(subject, body, to=[address]) for address in addresses])
        self.stdout.write(f"Sent a digest of {len(items)} page(s) due for review to {sent or 0} people.")
