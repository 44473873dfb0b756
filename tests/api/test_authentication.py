"""Partner keys (api/authentication.py): found by their hash, refused when unknown or revoked, widening nothing."""

import datetime
import hashlib

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from api.models import PartnerKey
from tests import factories

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"


def test_a_key_reads_exactly_what_an_anonymous_client_reads(site, keyed, anonymous):
    for address in (ARTICLES, f"{ARTICLES}naltrexone-basics/", "/api/v1/contributors/", f"{ARTICLES}secret-draft/"):
        assert keyed.get(address).content == anonymous.get(address).content


def test_the_key_may_also_come_in_an_x_api_key_header(site):
    _, token = factories.make_partner_key()

    response = Client().get(ARTICLES, headers={"X-API-Key": token})

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=60"


def test_an_unknown_key_is_refused_with_401_and_says_so_rather_than_reading_anonymously(site):
    factories.make_partner_key()

    response = Client().get(ARTICLES, headers={"Authorization": "Bearer not-a-key-we-issued"})

    assert response.status_code == 401
    assert "unknown or has been revoked" in response.json()["detail"]
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert "no-store" in response["Cache-Control"]


def test_an_empty_bearer_token_is_refused_too(site):
    assert Client().get(ARTICLES, headers={"Authorization": "Bearer "}).status_code == 401


def test_a_revoked_key_is_refused_from_its_next_request(site):
    key, token = factories.make_partner_key()
    client = Client(headers={"Authorization": f"Bearer {token}"})
    assert client.get(ARTICLES).status_code == 200

    PartnerKey.objects.filter(pk=key.pk).update(revoked_at=timezone.now())

    assert client.get(ARTICLES).status_code == 401


def test_only_the_hash_of_the_key_is_stored(db):
    key, token = factories.make_partner_key()
    stored = PartnerKey.objects.values().get(pk=key.pk)

    assert not [value for value in stored.values() if isinstance(value, str) and token in value]
    # SHA-256 of the token, computed here independently of the code under test.
    assert stored["secret_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert stored["prefix"] == token[:8]
    assert len(token) >= 43  # 32 random bytes


def test_keyed_responses_are_private_and_anonymous_ones_public_both_varying_on_the_key(site, keyed, anonymous):
    keyed_response, anonymous_response = keyed.get(ARTICLES), anonymous.get(ARTICLES)

    assert keyed_response["Cache-Control"] == "private, max-age=60"
    assert anonymous_response["Cache-Control"] == "public, max-age=60"
    for response in (keyed_response, anonymous_response):
        assert {"authorization", "x-api-key"} <= {part.strip().lower() for part in response["Vary"].split(",")}


def test_last_used_is_written_at_most_once_a_minute(site, keyed):
    start = timezone.now()
    key = keyed.partner_key
    with time_machine.travel(start, tick=False):
        keyed.get(ARTICLES)
    with time_machine.travel(start + datetime.timedelta(seconds=59), tick=False):
        keyed.get(ARTICLES)
    assert PartnerKey.objects.get(pk=key.pk).last_used_at == start

    later = start + datetime.timedelta(seconds=61)
    with time_machine.travel(later, tick=False):
        keyed.get(ARTICLES)

    assert PartnerKey.objects.get(pk=key.pk).last_used_at == later


def queries(client, url, django_assert_num_queries, count):
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200


# What a key adds to each endpoint's queries (tests/api/test_caching.py EXPECTED_QUERIES): its lookup, and once a
# minute the write of its last use.
ANONYMOUS_QUERIES = {
    ARTICLES: 6,
    f"{ARTICLES}naltrexone-basics/": 5,
    "/api/v1/conditions/": 5,
    "/api/v1/pages/": 4,
    "/api/v1/contributors/": 2,
    "/api/v1/topics/": 2,
    "/api/v1/corrections/": 3,
}


def test_a_key_adds_one_query_and_its_last_use_one_more_once_a_minute(site, keyed, django_assert_num_queries):
    start = timezone.now()
    for url in ANONYMOUS_QUERIES:
        keyed.get(url)  # content types are looked up once per process
    with time_machine.travel(start + datetime.timedelta(minutes=5), tick=False):
        queries(keyed, ARTICLES, django_assert_num_queries, ANONYMOUS_QUERIES[ARTICLES] + 2)
        for url, count in ANONYMOUS_QUERIES.items():
            queries(keyed, url, django_assert_num_queries, count + 1)
