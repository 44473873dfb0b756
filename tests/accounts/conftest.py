import pytest
from django.urls import reverse

from tests import factories

PASSWORD = "correct-horse-battery"


def sign_in_with_password(client, user, **extra):
    """Post the admin's password form, as a person does; returns the response."""
    return client.post(
        reverse("admin:login") + "?next=/admin/", {"username": user.username, "password": PASSWORD}, **extra
    )


@pytest.fixture
def enrolled_editor(db):
    user = factories.make_editor()
    factories.make_totp_device(user)
    return user
