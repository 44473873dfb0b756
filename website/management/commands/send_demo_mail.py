"""Run the tasks the demo queued, once, and say how many e-mails were written and where to read them.

`make run` runs it before the sign-in block: the demo's workflow mail (about 70 messages) goes to files instead of
burying that block on the console. Each task's log line is left out too (verbosity 0 for the worker).
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
# Django's file backend writes this line after each message it appends to a file.
MESSAGE_SEPARATOR = "-" * 79


def count_messages(files: set[Path]) -> int:
    """Count the messages the file backend wrote into these files."""
    return sum(line == MESSAGE_SEPARATOR for path in files for line in path.read_text(errors="replace").splitlines())


def shown_path(folder: Path) -> str:
    """Name the folder relative to the project when it lies inside it, as a newcomer would type it."""
    if folder.is_relative_to(settings.BASE_DIR):
        return f"{folder.relative_to(settings.BASE_DIR)}/"
    return f"{folder}/"


class Command(BaseCommand):
    help = "Run the queued tasks once (the demo's mail); with file mail, say how many e-mails were written where."

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(settings.EMAIL_FILE_PATH) if settings.EMAIL_BACKEND == FILE_BACKEND else None
        before = set(folder.iterdir()) if folder and folder.is_dir() else set()
        call_command("run_worker", batch=True, verbosity=0)
        if folder is None:
            return
        # The file backend starts a new file for each connection, so this run's mail is in the files new since.
        written = count_messages(set(folder.iterdir()) - before if folder.is_dir() else set())
        noun = "e-mail" if written == 1 else "e-mails"
        self.stdout.write(f"{written} demo {noun} written to {shown_path(folder)} (open them with any text viewer)")
