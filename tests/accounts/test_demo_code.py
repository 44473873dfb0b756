"""The demo authenticator: set up by load_demo only with debug on; its code printed by one command."""

from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from accounts.demo import DEMO_TOTP_KEY
from tests import factories

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-03-02 09:00:05 -05:00", tick=False)
def test_demo_code_prints_the_current_code_of_the_demo_secret(settings):
    settings.DEBUG = True
    out = StringIO()

    call_command("demo_code", stdout=out, stderr=StringIO())

    assert out.getvalue().strip() == factories.totp_code(DEMO_TOTP_KEY)


def test_demo_code_refuses_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="only runs with DJANGO_DEBUG=1"):
        call_command("demo_code", stdout=StringIO())


def test_load_demo_gives_the_demo_accounts_the_demo_authenticator_only_with_debug_on(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())

    keys = {user.username: [d.key for d in user.totpdevice_set.all()] for user in User.objects.all()}
    assert keys == {name: [DEMO_TOTP_KEY] for name in ("writer", "reviewer", "revisora", "editor", "intake", "admin")}


def test_load_demo_forced_with_debug_off_sets_up_no_authenticator(settings):
    settings.DEBUG = False
    call_command("load_demo", force=True, stdout=StringIO())

    assert User.objects.filter(is_staff=True).count() == 6  # with revisora, who reviews in Spanish
    assert not User.objects.filter(totpdevice__isnull=False).exists()


def test_a_demo_account_signs_in_with_the_printed_code(client, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    out = StringIO()
    call_command("demo_code", stdout=out, stderr=StringIO())
    client.post("/admin/login/", {"username": "editor", "password": "recovery-demo-password"})

    client.post("/admin/sign-in/verify/", {"code": out.getvalue().strip()})

    assert client.get("/admin/").status_code == 200
