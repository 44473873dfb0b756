"""Past the limit, a client gets HTTP 429 with a page that still shows how to reach a person."""

import time

import pytest
from django.core.cache import cache

from contact import ratelimit
from contact.models import ContactRequest

pytestmark = pytest.mark.django_db


def test_posts_past_the_limit_get_429_with_phone_and_crisis_line(client, form_data, settings):
    settings.CONTACT_RATE_LIMIT = (3, 600)
    for _ in range(3):
        assert client.post("/contact/", form_data()).status_code == 302

    response = client.post("/contact/", form_data())

    html = response.content.decode()
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    assert "(555) 010-0199" in html
    assert 'href="tel:988"' in html
    assert ContactRequest.objects.count() == 3


def test_refused_post_says_it_was_not_sent_shows_the_phone_first_and_keeps_what_was_typed(client, form_data, settings):
    settings.CONTACT_RATE_LIMIT = (1, 600)
    client.post("/contact/", form_data())

    response = client.post(
        "/contact/", form_data(name="Sam Second", message="Please ring after 6 pm, my shift ends then.")
    )

    html = response.content.decode()
    main = html.split('<main id="main"')[1]
    assert response.status_code == 429
    assert "your message was not sent" in main
    assert "already received 1 message from your connection in the last 10 minutes" in main
    assert main.index("(555) 010-0199") < main.index("<form")
    assert 'value="Sam Second"' in html
    assert "Please ring after 6 pm, my shift ends then." in html
    assert "answered 24/7" in main
    assert ContactRequest.objects.count() == 1


def test_invalid_posts_never_count_towards_the_limit(client, form_data, settings):
    settings.CONTACT_RATE_LIMIT = (2, 600)
    for _ in range(5):
        assert client.post("/contact/", form_data(name=""), follow=True).status_code == 200

    assert client.post("/contact/", form_data()).status_code == 302
    assert client.post("/contact/", form_data()).status_code == 302
    assert client.post("/contact/", form_data()).status_code == 429


def test_invalid_post_past_the_limit_still_gets_its_errors(client, form_data, settings):
    settings.CONTACT_RATE_LIMIT = (1, 600)
    client.post("/contact/", form_data())

    response = client.post("/contact/", form_data(name=""), follow=True)

    assert response.status_code == 200
    assert "Enter your name" in response.content.decode()


def test_double_click_counts_once(client, form_data, settings):
    settings.CONTACT_RATE_LIMIT = (2, 600)
    same = form_data()
    client.post("/contact/", same)
    client.post("/contact/", same)

    assert client.post("/contact/", form_data()).status_code == 302


def test_limit_is_per_client_address(client, form_data, settings):
    settings.CONTACT_RATE_LIMIT = (1, 600)
    client.post("/contact/", form_data(), REMOTE_ADDR="203.0.113.1")

    assert client.post("/contact/", form_data(), REMOTE_ADDR="203.0.113.1").status_code == 429
    assert client.post("/contact/", form_data(), REMOTE_ADDR="203.0.113.2").status_code == 302


def test_reading_the_form_is_never_limited(client, form_data, settings):
    settings.CONTACT_RATE_LIMIT = (1, 600)
    client.post("/contact/", form_data())

    assert client.get("/contact/").status_code == 200


def test_counter_is_kept_under_a_key_that_holds_no_client_address(client, form_data, rf, settings):
    seconds = settings.CONTACT_RATE_LIMIT[1]
    windows = {int(time.time() // seconds)}
    client.post("/contact/", form_data(), REMOTE_ADDR="203.0.113.77")
    windows.add(int(time.time() // seconds))

    key = ratelimit.client_key(rf.post("/contact/", REMOTE_ADDR="203.0.113.77"))
    assert "203.0.113.77" not in key
    assert [cache.get(f"{key}:{window}") for window in windows if cache.get(f"{key}:{window}")] == [1]


def test_cache_outage_lets_the_visitor_through(client, form_data, monkeypatch, settings):
    settings.CONTACT_RATE_LIMIT = (1, 600)

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    for name in ("get", "incr", "add", "set"):
        monkeypatch.setattr(cache, name, broken)

    assert client.post("/contact/", form_data()).status_code == 302
    assert client.post("/contact/", form_data()).status_code == 302
    assert ContactRequest.objects.count() == 2
