"""Second-factor verification and enrolment right after the password."""

import base64
import datetime
import re
import time

import pytest
import time_machine
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.factors import new_recovery_codes
from accounts.models import SecurityEvent
from tests import factories
from tests.accounts.conftest import PASSWORD, sign_in_with_password

pytestmark = pytest.mark.django_db


def secret_on_page(response) -> str:
    """The key the enrolment page shows for typing into an app, as hex."""
    b32 = re.search(r'id="totp-secret">([A-Z2-7]+)<', response.content.decode()).group(1)
    return base64.b32decode(b32 + "=" * (-len(b32) % 8)).hex()


def test_staff_without_a_factor_is_taken_to_enrolment_right_after_the_password(client):
    user = factories.make_writer()

    response = sign_in_with_password(client, user)
    response = client.get(response["Location"])

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:enrol"))


def test_enrolling_an_authenticator_app_with_its_code_opens_the_admin_and_shows_recovery_codes_once(client):
    user = factories.make_writer()
    sign_in_with_password(client, user)
    page = client.get(reverse("accounts:enrol") + "?next=/admin/")
    key = secret_on_page(page)

    response = client.post(reverse("accounts:enrol"), {"code": factories.totp_code(key), "next": "/admin/"})

    assert response.status_code == 302
    codes_page = client.get(response["Location"])
    shown = re.findall(r"<li><code>([a-z0-9]+)</code></li>", codes_page.content.decode())
    assert len(shown) == 10
    assert sorted(shown) == sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert TOTPDevice.objects.get(user=user).key == key
    assert client.get("/admin/").status_code == 200
    assert "<code>" not in client.get(reverse("accounts:recovery_codes")).content.decode()


def test_a_wrong_enrolment_code_is_refused_and_the_same_key_is_offered_again(client):
    user = factories.make_writer()
    sign_in_with_password(client, user)
    key = secret_on_page(client.get(reverse("accounts:enrol")))
    wrong = f"{(int(factories.totp_code(key)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("accounts:enrol"), {"code": wrong})

    assert response.status_code == 200
    assert "That code does not match" in response.content.decode()
    assert secret_on_page(response) == key
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.get("/admin/").status_code == 302


def test_a_password_only_session_of_an_enrolled_user_cannot_enrol_another_factor(client, enrolled_editor):
    sign_in_with_password(client, enrolled_editor)

    response = client.get(reverse("accounts:enrol"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:verify"))


def test_the_current_code_from_the_secret_completes_sign_in(client, enrolled_editor):
    device = enrolled_editor.totpdevice_set.get()
    sign_in_with_password(client, enrolled_editor)
    assert client.get("/admin/")["Location"].startswith(reverse("accounts:verify"))

    response = client.post(reverse("accounts:verify"), {"code": factories.totp_code(device.key), "next": "/admin/"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_code_already_used_is_refused_at_the_next_sign_in(client, enrolled_editor):
    device = enrolled_editor.totpdevice_set.get()
    code = factories.totp_code(device.key)
    sign_in_with_password(client, enrolled_editor)
    assert client.post(reverse("accounts:verify"), {"code": code}).status_code == 302
    client.post(reverse("admin:logout"))

    sign_in_with_password(client, enrolled_editor)
    response = client.post(reverse("accounts:verify"), {"code": code})

    assert response.status_code == 200
    assert "That code was not accepted" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_recovery_code_signs_in_once(client, enrolled_editor):
    code = new_recovery_codes(enrolled_editor)[0]
    sign_in_with_password(client, enrolled_editor)
    assert client.post(reverse("accounts:verify"), {"code": code.upper()}).status_code == 302
    client.post(reverse("admin:logout"))

    sign_in_with_password(client, enrolled_editor)

    assert client.post(reverse("accounts:verify"), {"code": code}).status_code == 200
    assert client.get("/admin/").status_code == 302


def test_verification_only_sends_people_on_to_this_site(client, enrolled_editor):
    device = enrolled_editor.totpdevice_set.get()
    sign_in_with_password(client, enrolled_editor)

    response = client.post(
        reverse("accounts:verify"), {"code": factories.totp_code(device.key), "next": "//evil.example/phish"}
    )

    assert response["Location"] == reverse("admin:index")


def test_verification_logs_success_and_failure_without_the_code(client, enrolled_editor):
    device = enrolled_editor.totpdevice_set.get()
    code = factories.totp_code(device.key)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    sign_in_with_password(client, enrolled_editor, REMOTE_ADDR="198.51.100.7")

    client.post(reverse("accounts:verify"), {"code": wrong}, REMOTE_ADDR="198.51.100.7")
    with time_machine.travel(time.time() + 2):  # past django-otp's one-second pause after a wrong code
        code = factories.totp_code(device.key)
        client.post(reverse("accounts:verify"), {"code": code}, REMOTE_ADDR="198.51.100.7")

    kinds = ["signed_in", "verify_failed", "verified"]
    events = list(SecurityEvent.objects.filter(user=enrolled_editor, kind__in=kinds).order_by("pk"))
    assert [e.kind for e in events] == kinds
    assert {e.ip_address for e in events} == {"198.51.100.7"}
    for event in events:
        assert code not in event.detail and wrong not in event.detail and PASSWORD not in event.detail


def test_after_a_wrong_code_the_right_one_waits_for_the_pause_to_pass(client, enrolled_editor):
    device = enrolled_editor.totpdevice_set.get()
    code = factories.totp_code(device.key)
    sign_in_with_password(client, enrolled_editor)
    # The clock stands still: on a busy machine (two test workers) a second may pass between the two posts.
    with time_machine.travel(time.time(), tick=False):
        client.post(reverse("accounts:verify"), {"code": f"{(int(code) + 1) % 1_000_000:06d}"})

        assert client.post(reverse("accounts:verify"), {"code": code}).status_code == 200


def test_a_password_only_session_of_an_enrolled_user_cannot_register_a_passkey(client, enrolled_editor):
    sign_in_with_password(client, enrolled_editor)

    response = client.post(reverse("otp_webauthn:credential-registration-begin"))

    assert response.status_code == 403
    assert not enrolled_editor.webauthncredential_set.exists()


def test_a_staff_member_without_a_factor_may_start_a_passkey_at_enrolment(client):
    user = factories.make_writer()
    sign_in_with_password(client, user)

    response = client.post(reverse("otp_webauthn:credential-registration-begin"))

    assert response.status_code == 200
    assert response.json()["user"]["name"] == user.username


def test_a_staff_member_sees_their_own_factors_linked_from_every_admin_page(client, enrolled_editor):
    new_recovery_codes(enrolled_editor)
    factories.login_staff(client, enrolled_editor)

    assert reverse("accounts:security") in client.get("/admin/").content.decode()
    page = client.get(reverse("accounts:security")).content.decode()

    assert "Authenticator app" in page and "Recovery codes" in page and "Create a passkey" in page


def test_new_recovery_codes_replace_the_old_ones(client, enrolled_editor):
    old = new_recovery_codes(enrolled_editor)
    factories.login_staff(client, enrolled_editor)

    response = client.post(reverse("accounts:recovery_codes"), {"next": reverse("accounts:security")})
    page = client.get(response["Location"]).content.decode()

    new = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert sorted(StaticToken.objects.filter(device__user=enrolled_editor).values_list("token", flat=True)) == sorted(
        new
    )


def test_stay_signed_in_restarts_the_idle_clock(client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    with time_machine.travel("2026-03-02 09:00 -05:00", tick=False) as traveller:
        factories.login_staff(client, factories.make_editor())
        traveller.shift(datetime.timedelta(minutes=27, seconds=40))
        client.get("/admin/")
        traveller.shift(datetime.timedelta(seconds=20))  # within the minute a page view leaves unrecorded
        answer = client.post(reverse("accounts:stay_signed_in"))
        traveller.shift(datetime.timedelta(minutes=28))

        still_in = client.get("/admin/")

    assert answer.json() == {"signed_in": True, "seconds_left": 30 * 60}
    assert still_in.status_code == 200


def test_stay_signed_in_after_the_session_ended_says_so(client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    with time_machine.travel("2026-03-02 09:00 -05:00", tick=False) as traveller:
        factories.login_staff(client, factories.make_editor())
        traveller.shift(datetime.timedelta(minutes=31))

        answer = client.post(reverse("accounts:stay_signed_in"))

    assert answer.status_code == 401
    assert answer.json() == {"signed_in": False}
