"""Apply every scheduled publish and unpublish that is due. Production runs this every minute."""

from typing import Any

from django.core.management.base import BaseCommand

from editorial import workflow
from editorial.queues import reviewed_models


class Command(BaseCommand):
    help = "Publish and unpublish every page whose scheduled time has come. Safe to run at any time, repeatedly."

    def handle(self, *args: Any, **options: Any) -> None:
        done = [line for model in reviewed_models() for line in workflow.apply_due_schedules(model)]
        for line in done:
            self.stdout.write(line)
        if options["verbosity"] > 1 or done:
            self.stdout.write(f"{len(done)} scheduled change(s) applied.")
