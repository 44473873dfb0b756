"""Rate limits (api/throttling.py): anonymous per address, each key by its own rate, 429 saying when to retry."""

import pytest
from django.core.cache import cache
from django.test import Client

from api.throttling import AnonymousRate, PartnerKeyRate
from tests import factories

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"


class Clock:
    """DRF's throttle timer, moved by hand: no test sleeps."""

    def __init__(self) -> None:
        self.now = 1_900_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch, settings):
    settings.API_ANON_RATE = "3/min"
    cache.clear()  # counts outlive a test's rollback in the shared cache
    fake = Clock()
    for throttle in (AnonymousRate, PartnerKeyRate):
        monkeypatch.setattr(throttle, "timer", fake)
    yield fake
    cache.clear()


def test_an_anonymous_client_over_the_limit_gets_429_with_retry_after_and_a_json_body(site, clock):
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert [client.get(ARTICLES).status_code for _ in range(3)] == [200, 200, 200]

    clock.now += 20
    refused = client.get(ARTICLES)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "40"
    assert refused.json()["retry_after"] == 40
    assert "Try again in 40 seconds" in refused.json()["detail"]
    assert refused.json()["retry_at"]
    assert "no-store" in refused["Cache-Control"]


def test_the_anonymous_limit_opens_again_once_the_minute_has_passed(site, clock):
    client = Client(REMOTE_ADDR="203.0.113.8")
    for _ in range(3):
        client.get(ARTICLES)
    assert client.get(ARTICLES).status_code == 429

    clock.now += 61

    assert client.get(ARTICLES).status_code == 200


def test_each_address_has_its_own_anonymous_limit_and_a_made_up_forwarded_for_is_not_one(site, clock):
    first = Client(REMOTE_ADDR="203.0.113.9")
    for number in range(3):
        first.get(ARTICLES, headers={"X-Forwarded-For": f"198.51.100.{number}"})

    assert first.get(ARTICLES, headers={"X-Forwarded-For": "198.51.100.99"}).status_code == 429
    assert Client(REMOTE_ADDR="203.0.113.10").get(ARTICLES).status_code == 200


def test_a_key_has_its_own_rate_whatever_address_it_comes_from(site, clock):
    _, token = factories.make_partner_key(rate_per_minute=5)
    header = {"Authorization": f"Bearer {token}"}
    # Past the anonymous limit of 3, and from two addresses: the key's 5 a minute count, together.
    answers = [Client(REMOTE_ADDR=f"203.0.113.{20 + n % 2}").get(ARTICLES, headers=header) for n in range(6)]

    assert [answer.status_code for answer in answers] == [200] * 5 + [429]
    assert answers[-1]["Retry-After"] == "60"
    assert "no-store" in answers[-1]["Cache-Control"]


def test_one_keys_limit_leaves_another_key_and_anonymous_clients_alone(site, clock):
    _, spent = factories.make_partner_key(rate_per_minute=1)
    _, other = factories.make_partner_key("Other partner", rate_per_minute=1)
    client = Client(REMOTE_ADDR="203.0.113.30")
    client.get(ARTICLES, headers={"Authorization": f"Bearer {spent}"})

    assert client.get(ARTICLES, headers={"Authorization": f"Bearer {spent}"}).status_code == 429
    assert client.get(ARTICLES, headers={"Authorization": f"Bearer {other}"}).status_code == 200
    assert client.get(ARTICLES).status_code == 200


def test_with_the_cache_unreachable_the_limits_fail_open(site, clock, settings):
    # Redis at a closed port: django-redis ignores the error (IGNORE_EXCEPTIONS), counts read as empty.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        },
    }
    client = Client(REMOTE_ADDR="203.0.113.40")

    assert [client.get(ARTICLES).status_code for _ in range(5)] == [200] * 5
