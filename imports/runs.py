"""The browser import's steps: keep the upload, check it with a dry run, import it; the worker runs the last two.

Each item is written in its own transaction (``Importer.import_item_atomically`` inside autocommit), not the whole
file in one: the import runs while editors work, and on SQLite one transaction would hold the write lock for the
whole file (about a minute for 5,000 posts), so every editor's save would wait and then fail. An item is therefore
all or nothing, the run's progress is visible as it goes, and a run stopped half-way (a worker killed) leaves whole
items only; importing the same file again finds those unchanged and does the rest. See docs/architecture.md,
"Imports".
"""

import datetime
import gc
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from imports import wordpress
from imports.importer import Importer, Report
from imports.media import UploadsLibrary
from imports.models import ImportRun

# How often the worker writes its progress (items), and how long a run may go without a word before another
# worker may take it over (its worker died; the task was handed on by jobs.tasks.requeue_abandoned).
PROGRESS_EVERY = 10
SILENT_FOR = datetime.timedelta(minutes=2)
# Saving a draft leaves reference cycles that hold the body until a full collection (see import_wordpress).
COLLECT_EVERY = 100


def export_path(run: ImportRun) -> Path:
    return Path(settings.WORDPRESS_IMPORT_ROOT) / run.export_name


def keep_upload(uploaded: UploadedFile, user: User) -> ImportRun:
    """Store an uploaded export under the private import folder and open its run, to be checked by the worker."""
    folder = Path(settings.WORDPRESS_IMPORT_ROOT)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.xml"
    with open(folder / name, "wb") as destination:
        for chunk in uploaded.chunks():
            destination.write(chunk)
    return ImportRun.objects.create(
        source_name=Path(uploaded.name or "export.xml").name[:255],
        state=ImportRun.State.CHECKING,
        export_name=name,
        uploaded_at=timezone.now(),
        started_by=user,
    )


def forget_upload(run: ImportRun) -> None:
    """Delete the uploaded file once nothing will read it again."""
    if run.export_name:
        export_path(run).unlink(missing_ok=True)
        run.export_name = ""


def dry_run(run: ImportRun) -> ImportRun:
    """Check the file, then import every item and roll each back: what would happen, and each item's problems.

    Each item is rolled back on its own (not the file in one transaction) for the reason in this module's
    docstring; the contributors and topics an item created are forgotten with it.
    """
    try:
        site = wordpress.check(str(export_path(run)))
    except wordpress.WxrError as error:
        forget_upload(run)
        return finish(run, ImportRun.State.REFUSED, error=f"{error} Nothing was imported.")
    run.site_url, run.wxr_version, run.total_items = site.base_url[:255], site.version, site.item_count
    importer = Importer(site, run.started_by, UploadsLibrary(site, None, dry_run=True))
    importer.report.items = []
    importer.run = run
    for n, item in enumerate(wordpress.items(str(export_path(run))), start=1):
        with transaction.atomic():
            importer.import_item_atomically(item)
            transaction.set_rollback(True)
        importer.contributors.clear()
        importer.topics.clear()
        if n % COLLECT_EVERY == 0:
            gc.collect()
        pulse(run, n)
    run.preview = preview(importer.report)
    return finish(run, ImportRun.State.CHECKED)


def preview(report: Report) -> dict:
    return {
        "outcomes": dict(report.outcomes) | {"skipped": len(report.skipped)},
        "counts": {kind: dict(statuses) for kind, statuses in sorted(report.counts.items())},
        "comments": report.comments,
        "items": report.items,
    }


def start(run_id: int) -> bool:
    """Mark a checked run as queued, once: return whether this call did (a second click does nothing)."""
    waiting = ImportRun.objects.filter(pk=run_id, state=ImportRun.State.CHECKED)
    return bool(waiting.update(state=ImportRun.State.QUEUED, heartbeat_at=None, done_items=0))


def claim(run_id: int, state: str, working: str) -> ImportRun | None:
    """Take a run for this worker: one waiting in ``state``, or one in ``working`` whose worker fell silent."""
    silent = timezone.now() - SILENT_FOR
    with transaction.atomic():
        run = (
            ImportRun.objects.select_for_update()
            .filter(Q(state=state, heartbeat_at=None) | Q(state=working, heartbeat_at__lt=silent), pk=run_id)
            .first()
        )
        if run is None:
            return None
        run.state, run.heartbeat_at = working, timezone.now()
        run.save(update_fields=["state", "heartbeat_at"])
    return run


def import_run(run: ImportRun) -> ImportRun:
    """Import a checked file item by item, each in its own transaction, writing progress as it goes."""
    path = str(export_path(run))
    run.started_at, run.done_items = timezone.now(), 0
    run.save(update_fields=["started_at", "done_items"])
    try:
        site = wordpress.check(path)
    except wordpress.WxrError as error:  # changed on disk since its dry run
        forget_upload(run)
        return finish(run, ImportRun.State.FAILED, error=f"{error} Nothing was imported.")
    importer = Importer(site, run.started_by, UploadsLibrary(site, None))
    importer.run = run
    for n, item in enumerate(wordpress.items(path), start=1):
        importer.import_item_atomically(item)
        if n % COLLECT_EVERY == 0:
            gc.collect()
        pulse(run, n)
    forget_upload(run)
    importer.finish()
    return run


def pulse(run: ImportRun, done: int) -> None:
    """Write the progress every few items (and at the last), which is also the worker's sign of life."""
    if done % PROGRESS_EVERY and done != run.total_items:
        return
    run.done_items, run.heartbeat_at = done, timezone.now()
    ImportRun.objects.filter(pk=run.pk).update(done_items=done, heartbeat_at=run.heartbeat_at)


def finish(run: ImportRun, state: str, error: str = "") -> ImportRun:
    run.state, run.error = state, error
    if state != ImportRun.State.CHECKED:
        run.finished_at = timezone.now()
    run.save()
    return run
