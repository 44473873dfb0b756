"""Shared fixtures. Test-only settings live here, not in settings.py."""

import os
import shutil
from io import StringIO

import pytest
from django.core.cache import cache, caches

from tests import workers

# Every test runs with these (and the demo snapshot below is made with them).
TEST_SETTINGS = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "AXES_ENABLED": False,
    # Tests roll back without running on_commit, so a shared page cache could leak pages between
    # them; tests of the cache itself turn it on (tests/website/test_cache.py).
    "PAGE_CACHE_SECONDS": 0,
    # AVIF is the slowest image work; the renditions tests turn it on where they test it.
    "RENDITIONS_AVIF": False,
    # The Redis circuit breaker off (caching/breaker.py): on a busy test machine one Redis call may outlast the
    # 0.3 s timeout, and a breaker open for 5 s would then turn the next tests' cache calls into misses. Its own
    # tests, and the Redis-down fault test's servers, set an interval.
    "REDIS_BREAKER_SECONDS": 0,
}


@pytest.fixture(scope="session", autouse=True)
def _breaker_off_in_servers():
    """The servers tests start (tests/faults, tests/scaleout) inherit the breaker's setting from here."""
    os.environ.setdefault("REDIS_BREAKER_SECONDS", "0")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    for name, value in TEST_SETTINGS.items():
        setattr(settings, name, value)
    settings.MEDIA_ROOT = tmp_path / "media"
    # Rendered bodies are keyed by page id and publication time, which rolled-back tests may reuse.
    caches["template_fragments"].clear()


@pytest.fixture(scope="session", autouse=True)
def _own_redis_database():
    """Give this pytest-xdist worker a Redis database of its own (tests/workers.py), here and in the servers it starts."""
    from django.conf import settings
    from django.test import override_settings

    given = os.environ.get("REDIS_URL", "")
    own = workers.own_redis_url(given)
    if own == given:
        yield
        return
    if settings.TASKS_BACKEND == "rq":
        # django-rq reads its queues' Redis address once, at start-up, before this fixture could change it.
        pytest.fail("TASKS_BACKEND=rq runs without pytest-xdist (-n): the RQ pass is serial (.ci/run).")
    caches = {**settings.CACHES, "default": {**settings.CACHES["default"], "LOCATION": own}}
    with pytest.MonkeyPatch.context() as patch, override_settings(CACHES=caches, REDIS_URL=own):
        patch.setenv("REDIS_URL", own)
        yield


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """A SQLite database file migrated once per test run (per worker); subprocess tests start from a copy of it.

    Migrating a new database takes seconds, copying the file milliseconds (tests/databases.py). Never written to.
    """
    from tests.databases import migrate_sqlite

    return migrate_sqlite(tmp_path_factory.mktemp("migrated") / "db.sqlite3")


@pytest.fixture(scope="session")
def demo_template(request, tmp_path_factory):
    """The demo site's database as a new installation makes it, once per test run (per worker); only copied.

    For the tests that run the site in subprocesses (tests/faults, tests/scaleout): ScratchDatabase copies it.
    """
    from tests.faults.conftest import make_demo_database, postgres_url

    migrated = None if postgres_url() else request.getfixturevalue("migrated_sqlite")
    database = make_demo_database("template", tmp_path_factory.mktemp("faults"), migrated)
    try:
        yield database
    finally:
        database.drop()


# The demo content (load_demo): made once per test run, copied into each test that asks for it ----------------

# Rows load_demo does not write, or that every test database already has in its own form.
NOT_DEMO_ROWS = ("contenttypes", "auth.permission", "sessions", "sites", "admin", "axes", "django_rq")


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """Run load_demo once per test run (per worker), keep its rows as a fixture file and its pictures; roll it back.

    load_demo publishes every page through the real review workflow and draws its pictures: a second or more
    each time. Restoring its rows takes a tenth of that (``demo_content``).
    """
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    from tests.factories import restore_staff_groups

    folder = tmp_path_factory.mktemp("demo")
    settings = override_settings(**TEST_SETTINGS, MEDIA_ROOT=folder / "media")
    with django_db_blocker.unblock(), settings, transaction.atomic():
        # Made when first asked for, which may be after a live-server test's flush removed the migrations' groups.
        restore_staff_groups()
        call_command("load_demo", force=True, stdout=StringIO(), stderr=StringIO())
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=list(NOT_DEMO_ROWS),
            output=str(folder / "demo.json"),
            verbosity=0,
        )
        transaction.set_rollback(True)
    return folder


@pytest.fixture
def demo_content(demo_snapshot, db, settings):
    """The demo site (what `load_demo --force` makes) in this test's database and MEDIA_ROOT.

    Rows are loaded into this test's own transaction (or, for a live-server test, flushed after it as usual),
    so a test may change them freely; tests of load_demo itself run the command instead.
    """
    from django.apps import apps
    from django.core.management import call_command

    from editorial.models import transition_writes

    shutil.copytree(demo_snapshot / "media", settings.MEDIA_ROOT, dirs_exist_ok=True)
    # The rows are load_demo's, written through the workflow once; restoring them is no new change to live pages.
    with transition_writes():
        call_command("loaddata", str(demo_snapshot / "demo.json"), verbosity=0)
    # Stored search documents are computed by the database (PostgreSQL), as on every save.
    for model in apps.get_models():
        if hasattr(model, "refresh_search_documents"):
            model.refresh_search_documents()


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin client, signed in with a verified second factor as every staff page requires."""
    from django.test import Client

    from tests.factories import login_staff

    client = Client()
    login_staff(client, admin_user)
    return client


# Background work (jobs/): run the queue, and the mail servers its tests point at -----------------


@pytest.fixture
def run_tasks(monkeypatch):
    """Run every task that is due, as `manage.py run_worker --batch` does, in this test's transaction."""
    from django.core.management import call_command

    # The worker recycles database connections between tasks; inside a test's transaction that would
    # close the connection holding the test's data.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    return lambda: call_command("run_worker", "--batch", verbosity=0)


@pytest.fixture(autouse=True)
def _empty_broker_queue(settings):
    # Redis outlives a test's rollback: start each test on the RQ backend with an empty queue.
    if settings.TASKS_BACKEND == "rq":
        import django_rq
        from rq.registry import ScheduledJobRegistry

        queue = django_rq.get_queue("default")
        queue.empty()
        scheduled = ScheduledJobRegistry(queue=queue)
        for job_id in scheduled.get_job_ids():
            scheduled.remove(job_id, delete_job=True)


@pytest.fixture
def silent_mail_server(settings):
    """Point Django's SMTP mail at a server that accepts connections and never answers."""
    from tests.mailservers import silent_server

    with silent_server() as port:
        settings.EMAIL_BACKEND = "jobs.mail.EmailBackend"  # production's SMTP backend
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 6
        yield port


@pytest.fixture
def smtp_connections(monkeypatch):
    """Record each time production's SMTP backend opens a connection (a list that grows), and open it as usual."""
    from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

    from jobs.mail import EmailBackend

    opened = []

    def counting_open(backend):
        opened.append(backend.host)
        return SMTPBackend.open(backend)

    monkeypatch.setattr(EmailBackend, "open", counting_open)
    return opened


@pytest.fixture
def mail_sink(settings):
    """Point Django's SMTP mail at a real SMTP server on this machine; return what it received."""
    from tests.mailservers import smtp_sink

    with smtp_sink() as (port, sink):
        settings.EMAIL_BACKEND = "jobs.mail.EmailBackend"  # production's SMTP backend
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
        yield sink


# Sitemaps, feeds and redirects use the one Site row's domain (created from SITE_URL), not the request's Host.
CANONICAL_DOMAIN = "www.recovery.example"


@pytest.fixture
def canonical_site(db):
    from django.contrib.sites.models import Site

    Site.objects.filter(pk=1).update(domain=CANONICAL_DOMAIN)
    Site.objects.clear_cache()
    yield f"http://{CANONICAL_DOMAIN}"
    Site.objects.clear_cache()


@pytest.fixture
def postgres_required():
    """Fail a test marked with tests.postgres.CONCURRENCY that REQUIRE_POSTGRES=1 has kept from being skipped."""
    from tests.postgres import ON_POSTGRES

    if not ON_POSTGRES:
        pytest.fail("REQUIRE_POSTGRES=1 but the tests are not running on PostgreSQL.")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change and what it does once its transaction commits (a cache's invalidation), as a request would."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


@pytest.fixture
def page_cache(settings):
    """The site's page cache switched on and empty, its per-process copies too; tests never run on_commit."""
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    caches["page_copies"].clear()
    yield
    cache.clear()
    caches["page_copies"].clear()
