"""An editor imports a WordPress export from the browser: upload, dry run, start, progress, report (issue 27).

Walked at 1280 and 390 px; axe runs on every screen, the progress line updates and the page moves on by itself
(imports/static/imports/import-progress.js, under the strict CSP), and the start button is pressed from the
keyboard. The worker's tasks are run by the test where the worker would run them.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from imports.models import ImportRun
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, assert_no_axe_violations
from tests.imports.conftest import export

pytestmark = pytest.mark.browser
SLOW = 15_000
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "wordpress-import"


def look(page, name: str, viewport: dict) -> None:
    """Check the screen with axe and keep a screenshot of it to look at."""
    assert_no_axe_violations(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{viewport['width']}.png"), full_page=True)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_editor_uploads_checks_starts_and_reads_the_report(desk, live_server, settings, tmp_path, run_tasks, viewport):
    settings.WORDPRESS_IMPORT_ROOT = tmp_path / "wordpress-imports"
    page = desk(factories.make_editor("editor"))
    page.set_viewport_size(viewport)

    page.goto(f"{live_server.url}/admin/imports/importrun/")
    page.get_by_role("link", name="Import from WordPress").click()
    expect(page.get_by_text("Up to 50.0")).to_be_visible()
    look(page, "1-upload", viewport)

    page.get_by_label("WordPress export file").set_input_files(export("site.xml"))
    page.get_by_role("button", name="Upload and check").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("Checking the file")
    look(page, "2-checking", viewport)

    run_tasks()  # the worker's dry run; the page notices and shows it
    expect(page.get_by_role("heading", name="Dry run: nothing has been saved yet")).to_be_visible(timeout=SLOW)
    expect(page.get_by_role("table", name="Items in the file, by type and WordPress status")).to_contain_text(
        "nav_menu_item"
    )
    expect(page.get_by_role("region", name="Items and their problems")).to_contain_text("Image missing: gone.jpg.")
    look(page, "3-dry-run", viewport)

    page.get_by_role("button", name="Start import").focus()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Waiting for the worker")
    expect(page.locator("progress")).to_be_visible()
    ImportRun.objects.update(done_items=4)  # as the worker writes its progress; the page shows it unreloaded
    expect(page.locator("#import-count")).to_have_text("4 of 10", timeout=SLOW)
    look(page, "4-progress", viewport)

    run_tasks()  # the import itself
    expect(page.get_by_role("heading", name="Report", exact=True)).to_be_visible(timeout=SLOW)
    expect(page.get_by_role("status")).to_contain_text("Finished")
    expect(page.get_by_text("6 created, 0 updated, 0 unchanged, 2 skipped")).to_be_visible()
    look(page, "5-report", viewport)
    assert ImportRun.objects.get().state == ImportRun.State.FINISHED
    assert page.console_errors == []
