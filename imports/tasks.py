"""The browser import's background work (docs/architecture.md, "Background work" and "Imports").

Both tasks catch their own errors: an editor waits on the run's page, so a failure must end the run with a
message there rather than leave it "checking" or "importing" for ever.
"""

import logging

from django_tasks import task

from imports import runs
from imports.models import ImportRun

logger = logging.getLogger(__name__)
STOPPED = "The import stopped on an unexpected error ({}); items already imported are whole. Import the file again: "
STOPPED += "those are found unchanged and the rest are imported."


@task()
def check_export(run_id: int) -> None:
    """Check an uploaded export and dry-run it."""
    run = runs.claim(run_id, ImportRun.State.CHECKING, ImportRun.State.CHECKING)
    if run is None:
        return
    try:
        runs.dry_run(run)
    except Exception as error:  # noqa: BLE001 - shown on the run's page, the traceback logged
        logger.exception("Dry run of WordPress import %s failed", run_id)
        runs.forget_upload(run)
        runs.finish(run, ImportRun.State.FAILED, error=STOPPED.format(type(error).__name__))


@task()
def import_export(run_id: int) -> None:
    """Import a checked export (queued by its "Start import" button)."""
    run = runs.claim(run_id, ImportRun.State.QUEUED, ImportRun.State.RUNNING)
    if run is None:
        return  # already taken by another worker, or not started
    try:
        runs.import_run(run)
    except Exception as error:  # noqa: BLE001 - shown on the run's page, the traceback logged
        logger.exception("WordPress import %s failed", run_id)
        runs.forget_upload(run)
        runs.finish(run, ImportRun.State.FAILED, error=STOPPED.format(type(error).__name__))
