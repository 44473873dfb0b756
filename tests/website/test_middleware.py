"""Database outages answer with a calm 503 page (website/middleware.py)."""

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection

from tests import factories


@pytest.fixture
def live_article(db):
    return factories.make_live_article(title="Naltrexone uses")


def refuse(*args, **kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


@pytest.fixture
def stop_database(monkeypatch):
    """Return a function that makes every new query fail the way a stopped PostgreSQL does."""
    with monkeypatch.context() as patch:
        # Undone before the test database is rolled back.
        yield lambda: patch.setattr(connection, "ensure_connection", refuse)


@pytest.fixture
def database_down(stop_database):
    stop_database()


def assert_friendly_outage_page(response, settings):
    body = response.content.decode()
    assert response.status_code == 503
    assert settings.ADMISSIONS_PHONE in body
    assert 'href="tel:988"' in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert "no-store" in response["Cache-Control"]
    assert response["Retry-After"]


def test_public_page_during_outage_shows_phone_and_crisis_line(client, live_article, database_down, settings):
    response = client.get(live_article.get_absolute_url())

    assert_friendly_outage_page(response, settings)


def test_health_check_reports_the_outage(client, db, database_down):
    response = client.get("/healthz/")

    assert response.status_code == 503


def test_outage_raised_outside_a_view_also_gets_the_friendly_page(client, db, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.website.test_middleware.FailingMiddleware"]
    client.raise_request_exception = False

    response = client.get("/")

    assert_friendly_outage_page(response, settings)


class FailingMiddleware:
    """Stand in for middleware that reaches the database (sessions, axes) while it is down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise OperationalError("server closed the connection unexpectedly")


def test_cached_page_is_still_served_during_an_outage(client, live_article, settings, stop_database):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    client.get(live_article.get_absolute_url())

    stop_database()
    response = client.get(live_article.get_absolute_url())

    assert response.status_code == 200
    assert b"Naltrexone uses" in response.content
    cache.clear()


def test_other_errors_are_not_disguised_as_outages(client, db, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.website.test_middleware.BrokenMiddleware"]
    client.raise_request_exception = False

    response = client.get("/")

    assert response.status_code == 500


class BrokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise ValueError("a bug, not an outage")
