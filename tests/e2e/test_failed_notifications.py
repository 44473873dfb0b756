"""A superuser finds a notification that kept failing and sends it again, in the browser."""

from pathlib import Path

import pytest

from contact.tasks import send_new_request_mail
from jobs.models import FailedNotification
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, login
from tests.queued import queued_tasks

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-results"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def assert_no_axe_violations_in_content(page) -> None:
    """Run axe on the page's own content: Django's admin breadcrumbs fail link-in-text-block on every admin page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context="#content", options={"runOnly": {"type": "tag", "values": WCAG}})
    assert not results.response["violations"], results.generate_report()


def test_superuser_retries_a_failed_notification_that_shows_no_personal_data(page, live_server):
    root = factories.make_user("root", is_superuser=True)
    request = factories.make_contact_request(name="Jordan Example", message="I overdosed last week.")
    FailedNotification.objects.create(
        description=f"New contact request #{request.pk}",
        task_path=send_new_request_mail.module_path,
        args=[request.pk],
        attempts=8,
        error="ConnectionRefusedError",
    )
    login(page, live_server, root.username)

    page.goto(f"{live_server.url}/admin/jobs/failednotification/")
    text = page.locator("#content").inner_text()
    assert f"New contact request #{request.pk}" in text and "ConnectionRefusedError" in text
    assert "Jordan" not in page.content() and "overdosed" not in page.content()
    assert_no_axe_violations_in_content(page)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "failed-notifications-390.png", full_page=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=SHOTS / "failed-notifications-1280.png", full_page=True)
    page.set_viewport_size(PHONE)

    page.check("input[name=_selected_action]")
    page.select_option("select[name=action]", "retry")
    page.click("button[name=index]")

    assert "1 notification(s) queued again." in page.locator(".messagelist").inner_text()
    assert not FailedNotification.objects.exists()
    assert queued_tasks() == [("contact.tasks.send_new_request_mail", [request.pk])]
