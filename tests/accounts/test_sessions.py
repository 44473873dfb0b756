"""Session keys rotate at each sign-in step; a password change or factor reset ends the user's other sessions."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import SecurityEvent
from tests import factories
from tests.accounts.conftest import sign_in_with_password

pytestmark = pytest.mark.django_db


def session_key(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_the_session_key_changes_at_sign_in_and_again_at_verification(client, enrolled_editor):
    client.get(reverse("admin:login"))
    client.session.save()
    anonymous_key = session_key(client)

    sign_in_with_password(client, enrolled_editor)
    password_key = session_key(client)
    device = enrolled_editor.totpdevice_set.get()
    client.post(reverse("accounts:verify"), {"code": factories.totp_code(device.key)})

    assert len({anonymous_key, password_key, session_key(client)}) == 3
    assert client.get("/admin/").status_code == 200


def test_changing_the_password_signs_out_the_users_other_sessions(enrolled_editor):
    laptop, phone = Client(), Client()
    factories.login_staff(laptop, enrolled_editor)
    factories.login_staff(phone, enrolled_editor)

    response = laptop.post(
        reverse("admin:password_change"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": "a-new-long-passphrase-9",
            "new_password2": "a-new-long-passphrase-9",
        },
    )

    assert response.status_code == 302
    assert laptop.get("/admin/").status_code == 200
    assert phone.get("/admin/")["Location"].startswith(reverse("admin:login"))
    assert SecurityEvent.objects.filter(user=enrolled_editor, kind="password_changed").exists()


def test_a_superuser_resetting_factors_signs_the_user_out_everywhere_and_logs_who_did_it(client):
    editor = factories.make_editor()
    elsewhere = Client()
    factories.login_staff(elsewhere, editor)
    root = factories.make_user("root", is_superuser=True)
    factories.login_staff(client, root)

    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_second_factors", "_selected_action": [editor.pk]},
        REMOTE_ADDR="192.0.2.10",
    )

    assert response.status_code == 302
    assert not editor.totpdevice_set.exists()
    assert elsewhere.get("/admin/")["Location"].startswith(reverse("admin:login"))
    event = SecurityEvent.objects.get(kind="factors_reset")
    assert (event.user, event.actor, event.ip_address) == (editor, root, "192.0.2.10")
    # At the next sign-in the user enrols again.
    sign_in_with_password(elsewhere, editor)
    assert elsewhere.get("/admin/")["Location"].startswith(reverse("accounts:enrol"))


def test_only_superusers_can_reset_factors(client):
    editor = factories.make_editor()
    factories.make_totp_device(editor)
    manager = factories.make_user(is_staff=True)
    manager.user_permissions.add(
        *__import__("django.contrib.auth.models", fromlist=["Permission"]).Permission.objects.filter(
            codename__in=["view_user", "change_user"]
        )
    )
    factories.login_staff(client, manager)

    client.post(
        reverse("admin:auth_user_changelist"), {"action": "reset_second_factors", "_selected_action": [editor.pk]}
    )

    assert editor.totpdevice_set.exists()
