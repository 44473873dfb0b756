"""The Permissions-Policy header switches off the browser features the site never uses."""

import pytest

pytestmark = pytest.mark.django_db
OFF = ("camera", "microphone", "geolocation", "payment", "usb", "interest-cohort", "browsing-topics")


@pytest.mark.parametrize("path", ["/", "/contact/", "/admin/login/"])
def test_every_page_turns_off_camera_microphone_location_payment_usb_and_cohorts(client, path):
    header = client.get(path)["Permissions-Policy"]

    directives = dict(item.strip().split("=") for item in header.split(","))
    assert {name: directives.get(name) for name in OFF} == dict.fromkeys(OFF, "()")


def test_passkeys_are_not_switched_off(client):
    header = client.get("/admin/login/")["Permissions-Policy"]

    assert "publickey-credentials" not in header
