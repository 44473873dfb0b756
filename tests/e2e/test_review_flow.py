"""The whole review flow in a real browser, across three signed-in people and a visitor."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import DESKTOP, close_quietly, login

pytestmark = pytest.mark.browser
# Admin pages load the rich-text editor; give a busy CI machine time before calling an assertion failed.
SLOW = 15_000


@pytest.fixture
def new_page(browser):
    """Open pages in separate browser contexts (separate people), closed after the test."""
    contexts = []

    def open_page():
        contexts.append(browser.new_context(viewport=DESKTOP))
        return contexts[-1].new_page()

    yield open_page
    for context in contexts:
        close_quietly(context)


def signed_in(new_page, live_server, user):
    page = new_page()
    login(page, live_server, user.username)
    return page


def open_from_dashboard(page, live_server, queue_title, link_text):
    page.goto(f"{live_server.url}/admin/")
    queue = page.locator(".dashboard-card").filter(has=page.get_by_role("heading", name=re.compile(queue_title)))
    queue.get_by_role("link", name=link_text).click()
    expect(page.get_by_role("heading", name="Medical review")).to_be_visible(timeout=SLOW)


def visit(new_page, url):
    """Open the public page as a new visitor (public pages may be cached by the browser for a minute)."""
    page = new_page()
    page.goto(url)
    return page


def edit_summary(page, text):
    page.fill("#id_summary", text)
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully", timeout=SLOW)


def press(page, button, note=""):
    if note:
        page.get_by_label("Note", exact=True).fill(note)  # its id differs for readers and editors
    page.get_by_role("button", name=button, exact=True).click()


def test_writer_reviewer_and_editor_take_an_edit_live_while_visitors_see_the_old_text_until_then(new_page, live_server):
    article = factories.make_live_article(title="What naltrexone is used for", summary="Original summary.")
    writer, editor = factories.make_writer("writer"), factories.make_editor("editor")
    reviewer = factories.make_reviewer("reviewer")
    public_url = live_server.url + article.get_absolute_url()

    writer_page = signed_in(new_page, live_server, writer)
    writer_page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    edit_summary(writer_page, "Revised summary, first try.")
    press(writer_page, "Send for medical review", note="Updated the summary.")
    expect(writer_page.locator(".messagelist")).to_contain_text("Sent for medical review", timeout=SLOW)

    expect(visit(new_page, public_url).locator(".lede")).to_have_text("Original summary.", timeout=SLOW)

    reviewer_page = signed_in(new_page, live_server, reviewer)
    open_from_dashboard(reviewer_page, live_server, "Waiting for my medical review", "What naltrexone is used for")
    expect(reviewer_page.locator(".review-diff")).to_contain_text("first try", timeout=SLOW)
    press(reviewer_page, "Request changes", note="Say that LDN use is off-label.")
    expect(reviewer_page.locator(".messagelist")).to_contain_text("Changes requested", timeout=SLOW)

    open_from_dashboard(writer_page, live_server, "Sent back to me", "What naltrexone is used for")
    expect(writer_page.locator(".review-history")).to_contain_text("Say that LDN use is off-label.", timeout=SLOW)
    edit_summary(writer_page, "Revised summary: low-dose use is off-label.")
    press(writer_page, "Send for medical review")

    open_from_dashboard(reviewer_page, live_server, "Waiting for my medical review", "What naltrexone is used for")
    expect(reviewer_page.locator(".review-diff")).to_contain_text("off-label", timeout=SLOW)
    press(reviewer_page, "Approve this version", note="Accurate.")
    expect(reviewer_page.locator(".messagelist")).to_contain_text("Approved", timeout=SLOW)

    expect(visit(new_page, public_url).locator(".lede")).to_have_text("Original summary.", timeout=SLOW)

    editor_page = signed_in(new_page, live_server, editor)
    open_from_dashboard(editor_page, live_server, "Approved, ready to publish", "What naltrexone is used for")
    press(editor_page, "Publish now")
    expect(editor_page.locator(".messagelist")).to_contain_text(
        "Published. Visitors now see this version.", timeout=SLOW
    )

    visitor = visit(new_page, public_url)
    expect(visitor.locator(".lede")).to_have_text("Revised summary: low-dose use is off-label.", timeout=SLOW)
    expect(visitor.locator(".reviewed")).to_contain_text(reviewer.contributor.display_name, timeout=SLOW)
