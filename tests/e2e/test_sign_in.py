"""Staff sign-in in a real browser: a passkey through Chromium's virtual authenticator, and app codes."""

import os

import pytest
from playwright.sync_api import expect

from accounts.models import SecurityEvent
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, assert_no_axe_violations, close_quietly, login

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SCREENSHOT_DIR")


@pytest.fixture
def passkeys(settings, live_server):
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]


def virtual_authenticator(page) -> tuple:
    """A platform authenticator with user verification, as a laptop's fingerprint reader would be."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    authenticator = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})["authenticatorId"]
    return cdp, authenticator


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def password_step(page, live_server, username):
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_enrol_a_passkey_sign_out_and_sign_in_with_it(browser, live_server, passkeys, viewport):
    writer = factories.make_writer()
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    cdp, authenticator = virtual_authenticator(page)

    password_step(page, live_server, writer.username)
    page.wait_for_url("**/admin/sign-in/enrol/**")
    expect(page.get_by_role("button", name="Create a passkey")).to_be_visible()
    assert_no_axe_violations(page)
    shot(page, f"enrol-{viewport['width']}")
    page.get_by_role("button", name="Create a passkey").click()
    page.wait_for_url("**/admin/sign-in/recovery-codes/**")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert_no_axe_violations(page)
    shot(page, f"recovery-codes-{viewport['width']}")
    page.get_by_role("link", name="I have saved them, continue").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]) == 1
    assert writer.webauthncredential_set.count() == 1

    page.get_by_role("button", name="Log out").click()
    password_step(page, live_server, writer.username)
    page.wait_for_url("**/admin/sign-in/verify/**")
    assert_no_axe_violations(page)
    shot(page, f"verify-passkey-{viewport['width']}")
    page.get_by_role("button", name="Use your passkey").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    assert SecurityEvent.objects.filter(user=writer, kind="verified", detail="Passkey").count() == 1
    close_quietly(context)


def test_without_the_second_step_the_admin_stays_closed(page, live_server):
    editor = factories.make_editor()
    factories.make_totp_device(editor)

    password_step(page, live_server, editor.username)
    page.wait_for_url("**/admin/sign-in/verify/**")
    page.goto(f"{live_server.url}/admin/articles/article/")

    assert "/admin/sign-in/verify/" in page.url
    assert_no_axe_violations(page)


def test_sign_in_with_an_authenticator_code_then_again_with_the_next_code(page, live_server):
    editor = factories.make_editor()

    login(page, live_server, editor.username)
    page.get_by_role("button", name="Log out").click()
    login(page, live_server, editor.username)

    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    assert SecurityEvent.objects.filter(user=editor, kind="verified").count() == 2


def test_a_signed_in_editor_adds_a_passkey_from_their_two_factor_page(page, live_server, passkeys):
    editor = factories.make_editor()
    virtual_authenticator(page)
    login(page, live_server, editor.username)

    page.get_by_role("link", name="Two-factor sign-in").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Create a passkey").click()
    expect(page.locator("#my-factors")).to_contain_text("Passkey")

    shot(page, "security-390")
    assert editor.webauthncredential_set.count() == 1
