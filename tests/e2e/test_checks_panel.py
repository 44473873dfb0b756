"""The Checks panel on a change page, as a writer uses it in the browser (issue 16, item 1)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import PHONE, assert_no_axe_violations

pytestmark = pytest.mark.browser
SLOW = 15_000
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_writer_sees_what_blocks_review_inserts_the_overdose_guidance_and_the_panel_passes_axe(desk, live_server):
    writer = factories.make_writer("writer")
    article = factories.make_article(
        user=writer,
        title="Opioid overdose: the signs",
        body="<h2>Dosing</h2><p>Doses of 4 mg are sprayed in the nose.</p>",
        sources=[],
    )
    page = desk(writer)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    panel = page.get_by_role("region", name="Checks")
    expect(panel).to_be_visible(timeout=SLOW)
    expect(panel.get_by_text("Must be fixed before review and publishing (2)")).to_be_visible()
    expect(panel.get_by_text("The page cites no sources.")).to_be_visible()
    expect(panel.get_by_text("The section “Dosing” gives a dose (4 mg) but cites no source.")).to_be_visible()
    assert not page.console_errors
    assert_no_axe_violations(page)
    page.console_errors.clear()  # axe injects styles of its own, which the page's CSP refuses

    page.fill("#id_summary", "Edited, not yet saved.")
    panel.get_by_text("Worth a second look (").click()
    panel.get_by_role("button", name="Insert the naloxone and 988 guidance").click()

    expect(page.get_by_text("The naloxone and 988 guidance was added at the end of the body.")).to_be_visible(
        timeout=SLOW
    )
    expect(page.get_by_role("region", name="Checks").get_by_text("lacks the naloxone")).to_have_count(0)
    saved = type(article).objects.get(pk=article.pk).apply_draft()
    assert saved.summary == "Edited, not yet saved." and "call or text 988" in saved.body

    page.get_by_role("button", name="Send for medical review", exact=True).click()
    expect(page.get_by_text("This draft cannot be sent for medical review until these are fixed:")).to_be_visible(
        timeout=SLOW
    )
    assert not page.console_errors
    page.set_viewport_size(PHONE)
    SHOTS.mkdir(parents=True, exist_ok=True)
    panel = page.get_by_role("region", name="Checks")
    panel.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "checks-panel-390.png"), full_page=False)
    assert_no_axe_violations(page)
