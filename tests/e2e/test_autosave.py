"""Autosave and the end of a session on the change page, as a writer meets them (issue 25, items 3 and 4)."""

import time
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError
from playwright.sync_api import expect

from accounts.sessions import LAST_SEEN_AT
from editorial.models import Autosave, ReviewState
from tests import factories
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    assert_no_axe_violations,
    close_quietly,
    login,
    totp_device_for,
    unused_totp_code,
)

pytestmark = pytest.mark.browser
SLOW = 15_000  # admin pages load the rich-text editor; a busy machine gets time
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def change_url(live_server, obj):
    return f"{live_server.url}/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def open_change_page(page, live_server, obj):
    page.goto(change_url(live_server, obj))
    expect(page.locator("#autosave[data-autosave=on]")).to_have_count(1, timeout=SLOW)


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk).apply_draft()


def type_at_end(page, selector, text):
    """Type as a person does (real key presses), after what the field holds."""
    field = page.locator(selector)
    field.click()
    field.press("Control+End")
    field.press_sequentially(text)


def axe(page):
    """Check the page with axe; forget the console errors axe's own injected styles cause under the strict CSP."""
    before = len(page.console_errors)
    assert_no_axe_violations(page)
    del page.console_errors[before:]


def shoot_at_both_widths(page, name, *, full_page=True):
    """Screenshot the page at 1280 and 390 px, with axe at each width."""
    for label, viewport in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=SHOTS / f"{name}-{label}.png", full_page=full_page)
        axe(page)
    page.set_viewport_size(DESKTOP)


def set_idle_for(page, seconds: float) -> None:
    """Make the browser's session look idle for ``seconds``, as if the writer had stepped away that long."""
    key = next(c["value"] for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
    session[LAST_SEEN_AT] = int(time.time() - seconds)
    session.save()


def last_seen(page) -> int:
    key = next(c["value"] for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)[LAST_SEEN_AT]


def kept_by(user, done) -> Autosave:
    """Return ``user``'s autosave once ``done(data)`` holds: leaving a field autosaves at once, typing 5 s later."""
    for _ in range(60):
        kept = Autosave.objects.filter(user=user).first()
        if kept and done(kept.data):
            return kept
        time.sleep(0.25)
    raise AssertionError(f"The autosave never held the typing: {kept and kept.data}")


def test_typing_is_autosaved_offered_back_after_a_reload_restored_and_saved(desk, live_server):
    writer = factories.make_writer("writer")
    article = factories.make_article(user=writer, summary="Old summary.", body="<p>Old body.</p>")
    factories.approve_draft(article)
    page = desk(writer)
    open_change_page(page, live_server, article)

    type_at_end(page, "#id_summary", " Typed, not saved.")
    type_at_end(page, ".field-body .ck-editor__editable", " More body.")
    expect(page.get_by_role("status").filter(has_text="Autosaved at")).to_be_visible(timeout=SLOW)

    kept = kept_by(writer, lambda data: "More body." in data["body"][0])
    assert kept.data["summary"] == ["Old summary. Typed, not saved."]
    assert fresh(article).summary == "Old summary."
    assert fresh(article).review_state == ReviewState.APPROVED

    page.on("dialog", lambda dialog: dialog.accept())  # the unsaved-edits prompt on reload
    page.reload()
    expect(page.get_by_role("heading", name="You have unsaved changes from")).to_be_visible(timeout=SLOW)
    expect(page.locator("#id_summary")).to_have_value("Old summary.")
    shoot_at_both_widths(page, "autosave-restore-offer")

    page.get_by_role("button", name="Restore").click()
    expect(page.locator("#id_summary")).to_have_value("Old summary. Typed, not saved.")
    expect(page.locator(".field-body .ck-editor__editable")).to_contain_text("More body.")
    assert fresh(article).summary == "Old summary."  # nothing is saved until Save is pressed
    page.locator("input[name=_continue]").first.click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully", timeout=SLOW)
    stored = fresh(article)
    assert stored.summary == "Old summary. Typed, not saved."
    assert "More body." in stored.body
    assert not Autosave.objects.exists()
    expect(page.get_by_role("heading", name="You have unsaved changes from")).to_have_count(0)
    assert page.console_errors == []


def test_the_screen_warns_when_autosave_fails(desk, live_server, monkeypatch):
    writer = factories.make_writer("writer")
    article = factories.make_article(user=writer, summary="Old summary.")
    page = desk(writer)
    open_change_page(page, live_server, article)

    def database_down(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("editorial.autosave.store", database_down)
    type_at_end(page, "#id_summary", " Typed while the database is down.")

    expect(
        page.get_by_role("status").filter(has_text="Autosave failed: your changes are only in this window.")
    ).to_be_visible(timeout=SLOW)
    assert not Autosave.objects.exists()


def test_the_page_warns_before_the_idle_limit_and_stay_signed_in_keeps_the_session(desk, live_server, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 2.1  # opening the page is activity: the warning is due 6 s later
    writer = factories.make_writer("writer")
    article = factories.make_article(user=writer, summary="Old summary.")
    page = desk(writer)
    open_change_page(page, live_server, article)
    warning = page.get_by_role("alert").filter(has_text="You will be signed out in 2 minutes")
    expect(warning).to_be_visible(timeout=SLOW)
    page.locator("#id_summary").scroll_into_view_if_needed()  # where the writer is: the warning is fixed in view
    shoot_at_both_widths(page, "session-warning", full_page=False)
    before = last_seen(page)

    page.get_by_role("button", name="Stay signed in").click()

    expect(warning).to_be_hidden()
    assert last_seen(page) > before
    page.reload()
    expect(page.locator("#id_summary")).to_be_visible()


def test_save_after_the_session_ended_signs_in_again_and_offers_the_autosave(desk, live_server):
    writer = factories.make_writer("writer")
    article = factories.make_article(user=writer, summary="Old summary.")
    page = desk(writer)
    open_change_page(page, live_server, article)
    type_at_end(page, "#id_summary", " Typed before lunch.")
    expect(page.get_by_role("status").filter(has_text="Autosaved at")).to_be_visible(timeout=SLOW)
    set_idle_for(page, settings.STAFF_SESSION_IDLE_MINUTES * 60 + 60)  # back from lunch: the session has ended

    page.locator("input[name=_continue]").first.click()

    page.wait_for_url("**/admin/login/**")
    expect(page.get_by_text("minutes without activity")).to_be_visible()
    assert fresh(article).summary == "Old summary."
    shoot_at_both_widths(page, "re-sign-in")
    page.fill("#id_username", "writer")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/sign-in/verify/**")
    page.fill("#id_code", unused_totp_code(totp_device_for("writer")))
    page.click("#code-form input[type=submit]")
    page.wait_for_url(change_url(live_server, article))

    expect(page.get_by_role("heading", name="You have unsaved changes from")).to_be_visible(timeout=SLOW)
    page.get_by_role("button", name="Restore").click()
    expect(page.locator("#id_summary")).to_have_value("Old summary. Typed before lunch.")
    assert fresh(article).summary == "Old summary."
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully", timeout=SLOW)
    assert fresh(article).summary == "Old summary. Typed before lunch."


def test_a_closed_browser_sends_no_autosave_after_the_test(browser, live_server, monkeypatch):
    """The fixtures' close sends nothing more: a late autosave would meet the next test's database flush."""
    writer = factories.make_writer("writer")
    article = factories.make_article(user=writer, summary="Old summary.")
    stored = []
    monkeypatch.setattr("editorial.autosave.store", lambda *args, **kwargs: stored.append(args))
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    login(page, live_server, writer.username)
    open_change_page(page, live_server, article)
    type_at_end(page, "#id_summary", " Typed just before the window closed.")  # autosave is pending

    close_quietly(context)
    time.sleep(2)  # room for a late request to arrive: none may

    assert stored == []
