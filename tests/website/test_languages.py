"""The address alone decides the language (website.middleware.LanguageFromPathMiddleware, docs "Languages")."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories


@pytest.fixture
def live_article(db):
    return factories.make_live_article(title="Naltrexone uses")


def test_english_stays_at_the_addresses_it_had(client, live_article):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert client.get(f"/articles/{live_article.slug}/", HTTP_ACCEPT_LANGUAGE="es").status_code == 200


def test_spanish_lives_under_es(client, db):
    response = client.get("/es/")
    assert response.status_code == 200
    assert response["Content-Language"] == "es"


def test_a_browser_preferring_spanish_gets_the_same_english_page_as_everyone(client, page_cache, live_article):
    """One address is one page for everybody, so the shared caches keep it (no Vary: Accept-Language)."""
    first = client.get(f"/articles/{live_article.slug}/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    assert "Accept-Language" not in first.get("Vary", "")
    assert first["X-Page-Cache"] == "miss"
    second = client.get(f"/articles/{live_article.slug}/", HTTP_ACCEPT_LANGUAGE="en-GB")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_staff_screens_are_english_whatever_the_browser_asks(client, db):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="es")
    assert response["Content-Language"] == "en"


def test_addresses_are_made_in_the_active_language(db):
    assert reverse("website:search") == "/search/"
    with translation.override("es"):
        assert reverse("website:search") == "/es/search/"
        assert reverse("site:robots") == "/robots.txt"


def test_robots_and_health_check_are_one_per_site(client, db):
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/es/robots.txt").status_code == 404


def test_a_spanish_request_leaves_the_thread_in_the_language_it_found(client, db):
    """Addresses made after a Spanish page (by the next test, a task) are not made in Spanish."""
    client.get("/es/")
    assert translation.get_language() == "en"
    assert reverse("website:search") == "/search/"
