"""Where webhooks may go (api/addresses.py): public https only; http and loopback only where allowed."""

import pytest
from django.core.exceptions import ValidationError

from api.addresses import refusal, target
from editorial.linkcheck import NotChecked
from tests import factories


@pytest.mark.parametrize(
    "url",
    [
        "http://partner.example/hooks",  # plain http
        "https://127.0.0.1/hooks",
        "https://10.0.0.5/hooks",
        "https://169.254.169.254/latest/meta-data/",  # a cloud's metadata service
        "https://[::1]/hooks",
        "https://localhost/hooks",
        "https://db.internal/hooks",
        "https://printer.local/hooks",
        "https://2130706433/hooks",  # 127.0.0.1 as one number
        "https://user@partner.example/hooks",
        "ftp://partner.example/hooks",
    ],
)
def test_in_production_an_address_that_is_not_public_https_is_refused(settings, url):
    settings.WEBHOOK_ALLOW_LOCAL = False

    assert refusal(url)


def test_a_public_https_address_is_accepted(settings):
    settings.WEBHOOK_ALLOW_LOCAL = False

    assert refusal("https://partner.example/hooks/recovery") == ""
    assert refusal("https://93.184.215.14:8443/hooks") == ""


def test_with_local_receivers_allowed_http_to_this_machine_is_accepted_but_not_the_private_network(settings):
    settings.WEBHOOK_ALLOW_LOCAL = True

    assert refusal("http://127.0.0.1:8400/hooks") == ""
    assert refusal("http://localhost:8400/hooks") == ""
    assert refusal("http://10.0.0.5/hooks")
    assert refusal("http://192.168.1.1/hooks")


def test_a_name_that_resolves_to_an_internal_address_is_refused_when_sending(settings, monkeypatch):
    settings.WEBHOOK_ALLOW_LOCAL = False
    monkeypatch.setattr("socket.getaddrinfo", lambda *args, **kwargs: [(2, 1, 6, "", ("10.1.2.3", 443))])

    with pytest.raises(NotChecked, match="internal address"):
        target("https://rebinding.example/hooks")


def test_a_name_resolving_to_public_addresses_is_pinned_to_the_one_checked(settings, monkeypatch):
    settings.WEBHOOK_ALLOW_LOCAL = False
    monkeypatch.setattr("socket.getaddrinfo", lambda *args, **kwargs: [(2, 1, 6, "", ("93.184.215.14", 443))])

    hop = target("https://partner.example/hooks?v=1")

    assert (hop.scheme, hop.host, hop.port, hop.path, hop.address) == (
        "https",
        "partner.example",
        443,
        "/hooks?v=1",
        "93.184.215.14",
    )


@pytest.mark.django_db
def test_the_subscription_model_refuses_an_internal_address_and_no_events(settings):
    settings.WEBHOOK_ALLOW_LOCAL = False
    key, _ = factories.make_partner_key()
    subscription = factories.make_subscription("https://10.0.0.5/hooks", key=key)

    with pytest.raises(ValidationError) as refused:
        subscription.full_clean()
    assert "public internet" in str(refused.value)

    subscription.url = "https://partner.example/hooks"
    subscription.on_published = subscription.on_updated = subscription.on_corrected = False
    subscription.on_unpublished = False
    with pytest.raises(ValidationError, match="at least one event"):
        subscription.full_clean()
