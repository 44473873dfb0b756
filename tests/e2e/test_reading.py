import pytest

from tests import factories
from tests.e2e.conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser


def test_visitor_follows_home_page_link_to_article_without_accessibility_violations(live_server, page):
    article = factories.make_live_article(
        title="What naltrexone is used for", body="<h2>How it works</h2><p>It blocks opioid receptors.</p>"
    )

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="What naltrexone is used for").first.click()

    assert page.url == live_server.url + article.get_absolute_url()
    assert page.get_by_role("heading", level=1).inner_text() == "What naltrexone is used for"
    assert page.get_by_role("heading", name="Medical disclaimer").is_visible()
    assert page.locator("text=988").first.is_visible()
    assert_no_axe_violations(page)
    assert page.console_errors == []


def test_demo_article_fits_a_phone_screen_without_sideways_scrolling(live_server, demo_content, page):

    page.goto(live_server.url + "/articles/what-is-naltrexone-used-for/")

    assert page.viewport_size["width"] == 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    font_size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.prose p')).fontSize)")
    assert font_size >= 16
    assert page.get_by_role("link", name="(555) 010-0199").first.is_visible()
    assert_no_axe_violations(page)
