"""Delete closed and spam contact requests older than the retention period, with their notes and view log."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from contact.models import ContactRequest


class Command(BaseCommand):
    help = (
        "Delete closed and spam contact requests finished more than CONTACT_RETENTION_DAYS ago "
        "(with their notes and view log). Safe to run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report how many would be deleted; delete nothing.")
        parser.add_argument(
            "--days", type=int, default=None, help="Retention in days (default: the CONTACT_RETENTION_DAYS setting)."
        )

    def handle(self, *args, dry_run=False, days=None, **options):
        days = settings.CONTACT_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("The retention period must be at least one day.")
        requests = ContactRequest.objects.purgeable(older_than_days=days)
        if dry_run:
            count = requests.count()
            self.stdout.write(f"Would delete {count} closed or spam contact request(s) older than {days} days.")
            return
        # Delete by id, so the alias used to select them does not reach the DELETE statement.
        _, per_model = ContactRequest.objects.filter(pk__in=requests.values("pk")).delete()
        count = per_model.get(ContactRequest._meta.label, 0)
        self.stdout.write(f"Deleted {count} closed or spam contact request(s) older than {days} days.")
