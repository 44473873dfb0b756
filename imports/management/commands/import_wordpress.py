"""python manage.py import_wordpress EXPORT.xml --user USERNAME [--media-dir DIR] [--dry-run]"""

import gc
import os
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from imports import wordpress
from imports.importer import Importer, Report
from imports.media import UploadsLibrary

SHOWN = 20  # lines per report section; the admin has the rest
# Saving a draft leaves reference cycles (model instances and their cached relations) holding the body;
# Python frees them only at its rare full collections, so without this, memory would grow with the file.
COLLECT_EVERY = 100


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools → Export, WXR 1.0 to 1.2): every post and page becomes an article draft "
        "that needs medical review. The file is checked whole before anything is written, and imported in one "
        "transaction. Comments are not imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The .xml file WordPress exported.")
        parser.add_argument(
            "--user", required=True, help="Staff account recorded as the drafts' editor (may add and change articles)."
        )
        parser.add_argument("--media-dir", help="A copy of the site's wp-content/uploads folder.")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, but save nothing.")
        parser.add_argument("--no-progress", action="store_true", help="Do not show progress bars.")

    def handle(self, *args, **options):
        user = self.importing_user(options["user"])
        media_dir = options["media_dir"]
        if media_dir and not os.path.isdir(media_dir):
            raise CommandError(f"--media-dir {media_dir} is not a folder. Nothing was imported.")
        path = options["export"]
        bars = {"file": options.get("stderr") or sys.stderr, "disable": options["no_progress"], "dynamic_ncols": True}
        started_at = timezone.now()
        try:
            with tqdm(total=_size(path), unit="B", unit_scale=True, desc="Checking", **bars) as bar:
                site = wordpress.check(path, bar.update)
            library = UploadsLibrary(site, media_dir, dry_run=options["dry_run"])
            importer = Importer(site, user, library)
            run = self.run(path, site, importer, bars, options["dry_run"], started_at)
        except wordpress.WxrError as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        self.print_report(importer.report, run, options["dry_run"])

    def importing_user(self, username: str):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user “{username}”: give the staff account the drafts are saved as.")
        if not user.has_perms(["articles.add_article", "articles.change_article"]):
            raise CommandError(f"“{username}” may not add and change articles, so cannot save imported drafts.")
        return user

    def run(self, path, site, importer: Importer, bars: dict, dry_run: bool, started_at):
        try:
            with transaction.atomic():
                importer.start(os.path.basename(path), started_at)
                with tqdm(total=site.item_count, unit="item", desc="Importing", **bars) as bar:
                    for n, item in enumerate(wordpress.items(path), start=1):
                        importer.import_item_atomically(item)
                        if n % COLLECT_EVERY == 0:
                            gc.collect()
                        bar.update(1)
                        bar.set_postfix(_progress_counts(importer.report), refresh=False)
                run = importer.finish()
                if dry_run:
                    transaction.set_rollback(True)
        except BaseException:
            importer.library.remove_saved()
            raise
        return run

    def print_report(self, report: Report, run, dry_run: bool) -> None:
        write = self.stdout.write
        write(self.style.MIGRATE_HEADING("Dry run: nothing was saved." if dry_run else "WordPress import finished."))
        for post_type, statuses in sorted(report.counts.items()):
            write(f"  {post_type}: " + ", ".join(f"{n} {status}" for status, n in sorted(statuses.items())))
        outcomes = report.outcomes
        write(
            f"Articles: {outcomes['created']} created, {outcomes['updated']} updated, "
            f"{outcomes['unchanged']} unchanged, {len(report.skipped)} skipped. "
            "All are drafts: none is live until a medical reviewer approves it and an editor publishes it."
        )
        write(f"Comments are not imported: {report.comments} left out.")
        self.section(
            "Skipped", [f"{s['post_type']} {s['wp_id']} “{s['title']}”: {s['reason']}" for s in report.skipped]
        )
        self.section(
            "Missing media",
            [f"{name} (used by {', '.join(map(str, ids))})" for name, ids in report.missing_media.items()],
        )
        self.section("Shortcodes met", [f"[{name}] × {n}" for name, n in report.shortcodes.most_common()])
        self.section(
            "Needs attention (the Checks panel also blocks review of an image without alt text)",
            [f"{a['wp_id']} “{a['title']}”: {' '.join(a['notes'])}" for a in report.attention],
        )
        if not dry_run:
            write(f"Report: {settings.SITE_URL}{run.admin_url()}")

    def section(self, title: str, lines: list[str]) -> None:
        if not lines:
            return
        self.stdout.write(self.style.WARNING(f"{title}: {len(lines)}"))
        for line in lines[:SHOWN]:
            self.stdout.write(f"  - {line}")
        if len(lines) > SHOWN:
            self.stdout.write(f"  … and {len(lines) - SHOWN} more in the admin report.")


def _size(path: str) -> int | None:
    try:
        return os.path.getsize(path)
    except OSError:
        return None


def _progress_counts(report: Report) -> dict:
    return {**{k: report.outcomes[k] for k in ("created", "updated", "unchanged")}, "skipped": len(report.skipped)}
