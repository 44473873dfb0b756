"""Superusers' pages: the security log, the staff access review and its CSV export."""

import csv
import datetime
import io

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.factors import new_recovery_codes
from accounts.models import SecurityEvent
from tests import factories

pytestmark = pytest.mark.django_db
REVIEW_URL = "/admin/accounts/securityevent/access-review/"


@pytest.fixture
def root(client):
    user = factories.make_user("root", is_superuser=True)
    factories.login_staff(client, user)
    return user


def test_the_security_log_is_for_superusers_only(client):
    factories.login_staff(client, factories.make_editor())

    assert client.get(reverse("admin:accounts_securityevent_changelist")).status_code == 403
    assert client.get(REVIEW_URL).status_code == 403


def test_the_security_log_shows_sign_ins_and_failures_with_address(client, root):
    editor = factories.make_editor("alex")
    from django.test import Client

    other = Client()
    other.post(reverse("admin:login"), {"username": "alex", "password": "nope-nope-nope"}, REMOTE_ADDR="198.51.100.9")
    other.post(
        reverse("admin:login"), {"username": "alex", "password": "correct-horse-battery"}, REMOTE_ADDR="198.51.100.9"
    )

    page = client.get(reverse("admin:accounts_securityevent_changelist")).content.decode()

    assert "Wrong password" in page and "Signed in with a password" in page
    assert "198.51.100.9" in page
    assert "nope-nope-nope" not in page and "correct-horse-battery" not in page
    failed = SecurityEvent.objects.get(kind="sign_in_failed")
    assert (failed.user, failed.username) == (editor, "alex")


def test_group_and_permission_changes_in_the_admin_are_logged_with_who_made_them(client, root):
    writer = factories.make_writer("sam")
    page = client.get(reverse("admin:auth_user_change", args=[writer.pk]))
    editors = Group.objects.get(name="Editors")
    joined = timezone.localtime(writer.date_joined)
    data = factories.admin_change_data(
        page,
        groups=[str(g.pk) for g in writer.groups.all()] + [str(editors.pk)],
        date_joined_0=joined.date().isoformat(),
        date_joined_1=joined.strftime("%H:%M:%S"),
    )

    response = client.post(reverse("admin:auth_user_change", args=[writer.pk]), data, REMOTE_ADDR="192.0.2.44")

    assert response.status_code == 302
    event = SecurityEvent.objects.filter(kind="access_changed", user=writer).latest("pk")
    assert event.detail == "added to group(s) Editors"
    assert (event.actor, event.ip_address) == (root, "192.0.2.44")


def test_enrolling_and_removing_a_factor_is_logged():
    user = factories.make_editor()
    device = factories.make_totp_device(user)
    device.delete()

    factor_events = SecurityEvent.objects.filter(user=user, kind__startswith="factor_")
    assert list(factor_events.values_list("kind", "detail").order_by("pk")) == [
        ("factor_added", "Authenticator app: Test authenticator"),
        ("factor_removed", "Authenticator app: Test authenticator"),
    ]


def test_the_access_review_lists_every_staff_account_with_groups_factors_sign_in_licence_and_lock(client, root):
    expiry = timezone.localdate() + datetime.timedelta(days=90)
    reviewer = factories.make_reviewer("rita", licence_expiry=expiry)
    factories.make_totp_device(reviewer)
    new_recovery_codes(reviewer)
    factories.make_writer("wes")
    factories.make_user("visitor", is_staff=False)
    AccessAttempt.objects.create(
        username="wes",
        ip_address="203.0.113.5",
        user_agent="x",
        failures_since_start=5,
        attempt_time=timezone.now(),
        get_data="",
        post_data="",
        http_accept="",
        path_info="/admin/login/",
    )

    response = client.get(REVIEW_URL)

    rows = {row[0]: row for row in csv.reader(io.StringIO(client.get(REVIEW_URL + "?format=csv").content.decode()))}
    assert response.status_code == 200
    assert set(rows) == {"Username", "root", "rita", "wes"}
    assert rows["Username"][4:] == [
        "Groups",
        "Second factors",
        "Last sign-in",
        "Reviewer licence expires",
        "Locked now",
    ]
    today = timezone.localdate().isoformat()
    assert rows["rita"][4:6] == [
        "Medical reviewers",
        f"Authenticator app (enrolled {today}); Recovery codes (enrolled {today})",
    ]
    assert rows["rita"][7:] == [expiry.isoformat(), "no"]
    assert rows["wes"][5:] == ["none", "never", "", "yes"]
    assert rows["root"][6] != "never"
    assert "rita" in response.content.decode()


def test_the_access_review_takes_a_fixed_number_of_queries(client, root, django_assert_max_num_queries):
    for _ in range(3):
        factories.make_totp_device(factories.make_reviewer())
    with django_assert_max_num_queries(20) as few:
        client.get(REVIEW_URL + "?format=csv")
    for _ in range(5):
        factories.make_totp_device(factories.make_writer())

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(REVIEW_URL + "?format=csv")


def test_csv_cells_cannot_become_spreadsheet_formulas(client, root):
    factories.make_user("+cmd", is_staff=True)

    body = client.get(REVIEW_URL + "?format=csv").content.decode()

    assert "'+cmd" in body
