"""A WordPress import's report and queue in the admin, in a real browser, on a phone and a desktop."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, assert_no_axe_violations, login
from tests.imports.conftest import export, write_uploads

pytestmark = pytest.mark.browser
SLOW = 15_000
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "imports"


@pytest.fixture
def imported(tmp_path):
    writer = factories.make_writer("importer")
    media = str(write_uploads(tmp_path))
    options = ("--user", writer.username, "--media-dir", media, "--no-progress")
    call_command("import_wordpress", export("site.xml"), *options, stdout=StringIO(), stderr=StringIO())


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_editor_reads_the_import_report_and_opens_an_article_that_needs_attention(
    page, live_server, imported, viewport
):
    factories.make_editor("editor")
    page.set_viewport_size(viewport)
    login(page, live_server, "editor")

    page.goto(f"{live_server.url}/admin/imports/importrun/")
    page.get_by_role("link", name="site.xml").click()

    expect(page.get_by_role("table", name="Items by type and status")).to_contain_text("nav_menu_item")
    expect(page.get_by_role("table", name="Skipped items")).to_contain_text("WordPress status “trash” is not imported.")
    expect(page.get_by_role("table", name="Files not found in the media folder")).to_contain_text("2024/01/gone.jpg")
    expect(page.get_by_role("table", name="Shortcodes")).to_contain_text("[contact-form-7]")
    attention = page.get_by_role("table", name="Items needing attention")
    expect(attention).to_contain_text("Image without alt text: chart.png.")
    assert_no_axe_violations(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"report-{viewport['width']}.png"), full_page=True)

    attention.get_by_role("link", name="How low-dose naltrexone is used").click()
    expect(page.get_by_role("heading", name="Medical review")).to_be_visible(timeout=SLOW)


def test_reviewer_sorts_the_imported_items_by_wordpress_modification_date(page, live_server, imported):
    factories.make_reviewer("reviewer")
    page.set_viewport_size(DESKTOP)
    login(page, live_server, "reviewer")

    page.goto(f"{live_server.url}/admin/imports/importeditem/")
    page.get_by_role("link", name="Modified on WordPress").click()
    page.get_by_role("link", name="Modified on WordPress").click()  # newest first

    titles = page.locator("#result_list tbody th a").all_inner_texts()
    assert titles[:3] == ["Coming soon: sleep and recovery", "About our helpline", "Crohn's disease & diet"]
    assert_no_axe_violations(page)
    page.screenshot(path=str(SCREENSHOTS / "queue-1280.png"), full_page=True)
