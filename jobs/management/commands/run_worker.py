"""Run the background worker of the configured task backend, with the periodic-job scheduler beside it.

On RQ a relay thread beside them sends the tasks written to the outbox (jobs.delivery.enqueue) to Redis.
"""

import logging
import signal
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import autoreload

from jobs import schedule
from jobs.delivery import relay_safely
from jobs.tasks import requeue_abandoned, requeue_crashed_rq_jobs

logger = logging.getLogger(__name__)
TICK_SECONDS = 15
# How soon a task whose relay failed at its commit (Redis down) reaches Redis once it is back.
RELAY_SECONDS = 2


def scheduler_loop(stop: threading.Event) -> None:
    """Every few seconds: enqueue the periodic jobs that are due and rescue tasks of dead workers."""
    while not stop.is_set():
        try:
            schedule.enqueue_due()
            if settings.TASKS_BACKEND == "database":
                requeue_abandoned()
            else:
                requeue_crashed_rq_jobs()
        except Exception:  # a database hiccup must not stop the scheduler; the next tick tries again
            logger.exception("The scheduler tick failed.")
        finally:
            close_old_connections()
        stop.wait(TICK_SECONDS)


def relay_all() -> int:
    """Relay every unrelayed outbox row, a batch at a time, until none is left or the broker fails."""
    total = 0
    while sent := relay_safely():
        total += sent
    return total


def relay_loop(stop: threading.Event) -> None:
    """Every RELAY_SECONDS: send the outbox rows that no commit could relay (Redis was down, a process died)."""
    while not stop.is_set():
        try:
            relay_all()
        finally:
            close_old_connections()
        stop.wait(RELAY_SECONDS)


class Command(BaseCommand):
    help = (
        "Run the background worker (mail, image renditions, cache warming) and the scheduler of periodic jobs. "
        "With --batch: run every task that is due, then exit."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run the tasks due now, then exit (no scheduler).")
        parser.add_argument("--no-scheduler", action="store_true", help="Do not enqueue periodic jobs from here.")
        parser.add_argument("--reload", action="store_true", help="Restart on code changes (development).")

    def handle(self, *args, batch=False, no_scheduler=False, reload=False, verbosity=1, **options):
        if batch:
            self.work(batch=True, verbosity=verbosity)
        elif reload:
            autoreload.run_with_reloader(self.work, scheduler=not no_scheduler, verbosity=verbosity)
        else:
            self.work(scheduler=not no_scheduler, verbosity=verbosity)

    def work(self, *, batch: bool = False, scheduler: bool = False, verbosity: int = 1) -> None:
        if scheduler:
            threading.Thread(target=scheduler_loop, args=(threading.Event(),), daemon=True, name="scheduler").start()
        if settings.TASKS_BACKEND == "rq" and not batch:
            threading.Thread(target=relay_loop, args=(threading.Event(),), daemon=True, name="relay").start()
        if settings.TASKS_BACKEND == "rq":
            self.run_rq(batch, verbosity)
        else:
            if batch:
                requeue_abandoned()
            # db_worker takes over SIGINT and SIGTERM; give them back when a batch run returns.
            handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
            try:
                call_command(
                    "db_worker", queue_name="*", batch=batch, reload=False, startup_delay=not batch, verbosity=verbosity
                )
            finally:
                for number, handler in handlers.items():
                    signal.signal(number, handler)

    def run_rq(self, batch: bool, verbosity: int) -> None:
        import django_rq
        from django_tasks_rq import Job
        from rq.worker import SimpleWorker

        if batch:
            relay_all()
            requeue_crashed_rq_jobs()
            # In this process and its database connection (what a test's transaction holds is visible);
            # the scheduler moves deferred tasks that are due onto the queue first.
            # django-rq's hint says rq.Worker; rq 3's SimpleWorker is a BaseWorker beside it, which get_worker takes.
            worker = django_rq.get_worker(
                "default",
                job_class=Job,
                worker_class=SimpleWorker,  # type: ignore[arg-type]  # django-rq's hint predates rq 3's BaseWorker
            )
            worker.work(burst=True, with_scheduler=True, logging_level="WARNING" if verbosity < 2 else "DEBUG")
        else:
            call_command(
                "rqworker", "default", job_class="django_tasks_rq.Job", with_scheduler=True, verbosity=verbosity
            )
