"""The admin wears the publisher's colours and name, on the sign-in screen and inside (issue 27, item 3)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, assert_no_axe_violations

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
BRAND_DARK = "rgb(8, 63, 75)"  # --brand-dark in static/css/site.css
BRAND = "rgb(11, 90, 107)"  # --brand


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_sign_in_screen_carries_the_site_name_icon_and_colours(page, live_server, viewport):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/admin/login/")

    header = page.locator("#header")
    expect(header).to_have_css("background-color", BRAND_DARK)
    expect(page.locator("#site-name a")).to_have_text("Recovery Site editorial")
    expect(page.locator("#site-name img")).to_be_visible()
    expect(page.locator("input[type=submit]")).to_have_css("background-color", BRAND)
    page.screenshot(path=SHOTS / f"admin-sign-in-{viewport['width']}.png", full_page=True)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_admin_home_uses_the_brand_for_header_captions_and_links(desk, viewport):
    page = desk(factories.make_editor("edna"))
    page.set_viewport_size(viewport)

    expect(page.locator("#header")).to_have_css("background-color", BRAND_DARK)
    expect(page.locator(".module caption").first).to_have_css("background-color", BRAND_DARK)
    expect(page.locator("#content-main tbody th a").first).to_have_css("color", BRAND)
    page.screenshot(path=SHOTS / f"admin-home-editor-{viewport['width']}.png", full_page=True)
    assert_no_axe_violations(page)
    assert page.console_errors == []
