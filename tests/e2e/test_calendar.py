"""The content calendar in the browser: months back and forth, the list view, and axe at 390 and 1280 px."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from editorial import workflow
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, assert_no_axe_violations

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SLOW = 15_000  # a busy CI machine gets time


def test_editor_moves_between_months_opens_the_list_and_reaches_the_page(desk, live_server):
    editor = factories.make_editor("editor")
    next_month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=40)).replace(day=12)
    article = factories.make_article(title="LDN and sleep")
    factories.approve_draft(article)
    when = timezone.make_aware(datetime.datetime.combine(next_month, datetime.time(10)))
    workflow.publish(article, user=editor, at=when)
    page = desk(editor)

    page.get_by_role("link", name="Content calendar").click()
    this_month = timezone.localdate().strftime("%B %Y")
    expect(page.get_by_role("heading", name=this_month)).to_be_visible(timeout=SLOW)
    expect(page.locator("td[aria-current=date]")).to_have_count(1, timeout=SLOW)
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Next month").click()
    expect(page.get_by_role("heading", name=next_month.strftime("%B %Y"))).to_be_visible(timeout=SLOW)
    entry = page.get_by_role("link", name="Scheduled publication, 10 a.m.: LDN and sleep (article)")
    expect(entry).to_be_visible(timeout=SLOW)
    page.get_by_role("link", name="Previous month").click()
    expect(page.get_by_role("heading", name=this_month)).to_be_visible(timeout=SLOW)
    page.get_by_role("link", name="Next month").click()

    page.get_by_role("link", name="List", exact=True).click()
    expect(page.get_by_role("heading", name=next_month.strftime("%A %-d %B %Y"))).to_be_visible(timeout=SLOW)
    page.get_by_label("What").select_option("review")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text(f"Nothing is scheduled or due in {next_month:%B %Y} with these filters.")).to_be_visible(
        timeout=SLOW
    )
    page.get_by_role("link", name="Clear filters").click()
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        assert_no_axe_violations(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SHOTS / "calendar-list-390.png"), full_page=True)
    page.get_by_role("link", name="Month", exact=True).click()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    page.screenshot(path=str(SHOTS / "calendar-month-390.png"), full_page=True)
    assert_no_axe_violations(page)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(SHOTS / "calendar-month-1280.png"), full_page=True)

    page.get_by_role("link", name="Scheduled publication, 10 a.m.: LDN and sleep (article)").click()
    expect(page.get_by_role("heading", name="Medical review")).to_be_visible(timeout=SLOW)
    assert not page.console_errors


def test_editor_creates_replaces_and_turns_off_the_feed_address(desk, live_server):
    page = desk(factories.make_editor("editor"))
    page.goto(f"{live_server.url}/admin/calendar/")
    page.get_by_role("link", name="Subscribe (iCal)").click()

    page.get_by_role("button", name="Create my feed address").click()
    first = page.get_by_label("Feed address").input_value()
    assert first.startswith("http") and first.endswith(".ics")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Make a new address").click()
    assert page.get_by_label("Feed address").input_value() not in ("", first)
    page.get_by_role("button", name="Turn the feed off").click()
    expect(page.get_by_text("Your calendar feed is turned off; its address no longer works.")).to_be_visible(
        timeout=SLOW
    )
    expect(page.get_by_role("button", name="Create my feed address")).to_be_visible(timeout=SLOW)
    page.set_viewport_size(PHONE)
    assert_no_axe_violations(page)
