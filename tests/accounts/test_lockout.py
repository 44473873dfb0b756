"""Lockouts: per username and address together, a higher cap per address, a message saying when to retry."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from accounts.models import SecurityEvent
from tests import factories

pytestmark = pytest.mark.django_db
OFFICE, ATTACKER = "192.0.2.20", "203.0.113.66"


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.ACCOUNTS_ADDRESS_FAILURE_LIMIT = 12


def attempt(client, username, password, address):
    return client.post(
        reverse("admin:login") + "?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_five_wrong_passwords_from_elsewhere_do_not_lock_out_the_real_user(client):
    intake = factories.make_intake("intake")
    for _ in range(6):
        attempt(client, "intake", "wrong-guess", ATTACKER)

    response = attempt(client, "intake", "correct-horse-battery", OFFICE)

    assert response.status_code == 302
    assert client.get("/admin/")["Location"].startswith(reverse("accounts:enrol"))
    assert SecurityEvent.objects.filter(user=intake, kind="signed_in", ip_address=OFFICE).exists()


def test_five_wrong_passwords_lock_that_username_from_that_address_with_a_time_to_try_again(client):
    factories.make_intake("intake")
    for _ in range(5):
        attempt(client, "intake", "wrong-guess", ATTACKER)

    response = attempt(client, "intake", "correct-horse-battery", ATTACKER)

    assert response.status_code == 429
    text = response.content.decode()
    assert "Try again after" in text
    assert "about 60 minutes" in text
    assert SecurityEvent.objects.filter(username="intake", kind="locked_out", ip_address=ATTACKER).exists()


def test_one_address_trying_many_usernames_is_cut_off_at_the_address_cap(client):
    factories.make_editor("editor")
    for n in range(12):  # four failures each for three usernames: under the per-username limit
        attempt(client, f"guess{n % 3}", "wrong-guess", ATTACKER)
    assert AccessAttempt.objects.filter(ip_address=ATTACKER).count() == 3

    from_attacker = attempt(client, "editor", "correct-horse-battery", ATTACKER)
    from_office = attempt(client, "editor", "correct-horse-battery", OFFICE)

    assert from_attacker.status_code == 429
    assert from_office.status_code == 302


def test_failures_under_the_address_cap_do_not_block_the_address(client):
    factories.make_editor("editor")
    for n in range(11):
        attempt(client, f"guess{n % 3}", "wrong-guess", ATTACKER)

    assert attempt(client, "editor", "correct-horse-battery", ATTACKER).status_code == 302
