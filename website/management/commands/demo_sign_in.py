"""Print how to sign in to the demo site; `make run` runs it last, after anything else has printed."""

from django.core.management.base import BaseCommand

from website.management.commands.load_demo import demo_password, sign_in_block


class Command(BaseCommand):
    help = "Print the demo accounts and their password (the accounts load_demo creates)."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="", help="The address the site is served at (default: SITE_URL).")

    def handle(self, *args, url="", **options):
        self.stdout.write("")
        self.stdout.write(self.style.WARNING(sign_in_block(demo_password(), url.rstrip("/"))))
