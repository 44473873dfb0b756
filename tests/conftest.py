"""Shared fixtures. Test-only settings live here, not in settings.py."""

import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.AXES_ENABLED = False
    # Tests roll back without running on_commit, so a shared page cache could leak pages between
    # them; tests of the cache itself turn it on (tests/website/test_cache.py).
    settings.PAGE_CACHE_SECONDS = 0
    # Rendered bodies are keyed by page id and publication time, which rolled-back tests may reuse.
    from django.core.cache import caches

    caches["template_fragments"].clear()


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
