"""Database outages answer with a calm 503 page; control characters in an address answer 400 (website/middleware.py)."""

import re

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.urls import URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern

from tests import factories
from website import cache as page_cache


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


# Bad input: control characters in an address answer 400 before anything reads them -------------------

CONTROL_BYTES = ("%00", "%01", "%1f", "%7f")
# A value for each kind of path parameter in the URLconf; the walk checks each address reaches its pattern.
SAMPLE_VALUES = {"int": "1", "path": "1", "slug": "sample", "str": "sample", None: "1"}
ROUTE_PARAMETER = re.compile(r"<(?:(\w+):)?\w+>")
# The admin's two regex patterns: an app's index (first app listed) and its catch-all.
REGEX_GROUP = re.compile(r"\(\?P<\w+>([^)]*)\)")


def sample_route(pattern) -> str:
    """Return an address piece that ``pattern`` matches, with a sample value for each parameter."""
    if isinstance(pattern, RoutePattern):
        return ROUTE_PARAMETER.sub(lambda match: SAMPLE_VALUES[match[1]], str(pattern))
    text = REGEX_GROUP.sub(lambda match: "sample" if match[1] == ".*" else match[1].split("|")[0], str(pattern))
    return text.removeprefix("^").removesuffix("$")


def every_address(patterns=None, prefix="/", route=""):
    """Yield (address, route) for every pattern of the project's URLconf, through every include."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        address, full_route = prefix + sample_route(entry.pattern), route + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from every_address(entry.url_patterns, address, full_route)
        else:
            yield address, full_route


def bad_variants(address):
    """Yield the address with each control byte appended to its path and in its query string."""
    for byte in CONTROL_BYTES:
        yield address + byte
        yield f"{address}?q=naltrexone{byte}&page={byte}"


def test_the_walk_reaches_every_pattern_of_the_urlconf():
    addresses = list(every_address())
    unmatched = [(address, route) for address, route in addresses if resolve(address).route != route.replace("^", "")]

    assert len(addresses) > 200  # the admin's pages and every app's, not just the first include
    assert {"/search/", "/contact/", "/articles/sample/", "/admin/articles/article/"} <= {a for a, _ in addresses}
    assert unmatched == []


def assert_every_bad_address_is_refused(client):
    answers = {url: client.get(url).status_code for address, _ in every_address() for url in bad_variants(address)}

    assert {url: status for url, status in answers.items() if status >= 500} == {}
    assert set(answers.values()) == {400}


def test_control_characters_in_any_address_are_refused_for_visitors(db, settings):
    factories.make_live_article(title="Naltrexone uses", slug="sample")
    assert_every_bad_address_is_refused(Client(raise_request_exception=False))


def test_control_characters_in_any_address_are_refused_for_a_signed_in_superuser(admin_client, settings):
    factories.make_live_article(title="Naltrexone uses", slug="sample")
    admin_client.raise_request_exception = False
    assert_every_bad_address_is_refused(admin_client)


def test_a_control_character_sent_unencoded_in_the_query_string_is_refused(client, db):
    response = client.get("/search/", QUERY_STRING="q=naltrexone\x01")

    assert response.status_code == 400


def test_a_refused_address_gets_the_sites_400_page_with_the_crisis_line(client, db):
    response = client.get("/articles/?page=%00")

    assert response.status_code == 400
    assert "This address could not be understood" in response.content.decode()
    assert 'href="tel:988"' in response.content.decode()


def test_a_page_number_with_a_control_character_is_refused_and_never_cached(client, db, settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    key = page_cache.page_key(RequestFactory().get("/articles/?page=%00"))

    first, second = client.get("/articles/?page=%00"), client.get("/articles/?page=%00")

    assert first.status_code == second.status_code == 400
    assert "X-Page-Cache" not in second
    assert cache.get(key) is None and page_cache.local_copies().get(key) is None
    cache.clear()
