"""The receivers that feed the security log (accounts/signals.py): changes of groups and permissions."""

from django.contrib.auth.models import Group, Permission

from accounts.models import SecurityEvent
from tests import factories

PERMISSION = "Staff accounts and security | security log entry | Can view security log entry"


def access_changes():
    return list(SecurityEvent.objects.filter(kind="access_changed").order_by("pk").values_list("username", "detail"))


def test_permissions_given_to_and_taken_from_an_account_are_logged_against_it(db):
    user = factories.make_user()
    permission = Permission.objects.get(codename="view_securityevent")
    SecurityEvent.objects.all().delete()

    user.user_permissions.add(permission)
    user.user_permissions.remove(permission)
    user.user_permissions.add(permission)
    user.user_permissions.clear()

    name = user.get_username()
    assert access_changes() == [
        (name, f"given permission(s) {PERMISSION}"),
        (name, f"lost permission(s) {PERMISSION}"),
        (name, f"given permission(s) {PERMISSION}"),
        (name, "lost permission(s) all direct permissions"),
    ]
    assert set(SecurityEvent.objects.filter(kind="access_changed").values_list("user", flat=True)) == {user.pk}


def test_permissions_a_group_gains_or_loses_are_logged_against_the_group(db):
    group = Group.objects.create(name="Auditors")
    permission = Permission.objects.get(codename="view_securityevent")
    SecurityEvent.objects.all().delete()

    group.permissions.add(permission)
    group.permissions.clear()

    assert access_changes() == [
        ("group Auditors", f"gained permission(s) {PERMISSION}"),
        ("group Auditors", "lost permission(s) all permissions"),
    ]
