"""Editorial admin screens checked as each role uses them: axe, and every review action by keyboard (item 8)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from editorial import workflow
from editorial.models import ReviewState
from tests import factories
from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.test_editorial_admin import SHOTS, SLOW, change_url, open_change_page

pytestmark = pytest.mark.browser
ROLES = {"writer": factories.make_writer, "reviewer": factories.make_reviewer, "editor": factories.make_editor}


def pages_in_every_state():
    """Return one article per review state, the live one with a pending edit and two revisions."""
    writer = factories.make_writer()
    draft = factories.make_article(user=writer, title="A draft")
    in_review = factories.make_article(user=writer, title="In review")
    workflow.submit(in_review, user=writer)
    sent_back = factories.make_article(user=writer, title="Sent back")
    workflow.submit(sent_back, user=writer)
    workflow.request_changes(sent_back, user=factories.make_reviewer(), note="Cite the trial.")
    approved = factories.make_article(user=writer, title="Approved")
    factories.approve_draft(approved)
    published = factories.make_live_article(user=writer, title="Published", summary="First version.")
    published.summary = "Second version."
    workflow.save_draft(published, user=writer)
    factories.publish(published)
    states = {draft: ReviewState.DRAFT, in_review: ReviewState.IN_REVIEW, sent_back: ReviewState.CHANGES_REQUESTED}
    states |= {approved: ReviewState.APPROVED, published: ReviewState.PUBLISHED}
    assert {page: page.review_state for page in states} == states
    return states, published


@pytest.mark.parametrize("role", ROLES)
def test_admin_home_change_pages_compare_and_history_have_no_axe_violations(desk, live_server, role):
    states, published = pages_in_every_state()
    page = desk(ROLES[role](role))

    assert_no_axe_violations(page)  # the admin home with this role's queues
    for article in states:
        open_change_page(page, live_server, article)
        if role != "reviewer":
            expect(page.locator(".ck-editor__editable")).to_be_visible(timeout=SLOW)
        assert_no_axe_violations(page)
    page.goto(f"{change_url(live_server, published).removesuffix('change/')}compare/?from=1&to=2")
    expect(page.locator(".diff")).to_contain_text("Second version.")
    assert_no_axe_violations(page)
    page.goto(f"{change_url(live_server, published).removesuffix('change/')}history/")
    expect(page.locator(".review-history tbody tr")).not_to_have_count(0)
    assert_no_axe_violations(page)


def tab_to(page, name: str, limit: int = 60):
    """Press Tab until the control called ``name`` has the focus; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if focused == name:
            return page.locator(":focus")
    raise AssertionError(f"{name!r} cannot be reached with the Tab key")


def assert_focus_is_visible(control):
    ring = control.evaluate(
        "el => { const s = getComputedStyle(el); return [s.outlineStyle, parseFloat(s.outlineWidth), s.boxShadow]; }"
    )
    assert ring[0] != "none" and ring[1] >= 2, ring
    assert ring[2] != "none", ring


def scheduled_live_article():
    article = factories.make_live_article(title="Scheduled change")
    article.summary = "A change for tomorrow."
    workflow.save_draft(article, user=factories.make_writer())
    factories.approve_draft(article)
    workflow.publish(article, user=factories.make_editor(), at=timezone.now() + datetime.timedelta(days=1))
    return article


@pytest.mark.parametrize(
    ("role", "state", "buttons"),
    [
        ("writer", "draft", ["Send for medical review"]),
        ("reviewer", "in_review", ["Approve this version", "Request changes"]),
        ("editor", "approved", ["Publish now", "Schedule publication"]),
        ("editor", "live", ["Unpublish now…", "Schedule unpublishing"]),
        ("editor", "scheduled", ["Cancel scheduled publication"]),
    ],
)
def test_every_review_action_is_reached_by_keyboard_with_a_visible_focus(desk, live_server, role, state, buttons):
    writer = factories.make_writer()
    article = {
        "draft": lambda: factories.make_article(user=writer),
        "in_review": lambda: workflow.submit(factories.make_article(user=writer), user=writer),
        "approved": lambda: factories.approve_draft(factories.make_article(user=writer)),
        "live": lambda: factories.make_live_article(user=writer),
        "scheduled": scheduled_live_article,
    }[state]()
    page = desk(ROLES[role](role))
    open_change_page(page, live_server, article)
    page.locator("body").focus()

    for name in buttons:
        assert_focus_is_visible(tab_to(page, name))
    if role != "reviewer":
        page.screenshot(path=str(SHOTS / f"{role}-{state}-change-page-1280.png"), full_page=True)


def test_reviewer_requests_changes_with_the_keyboard_alone(desk, live_server):
    writer = factories.make_writer()
    article = workflow.submit(factories.make_article(user=writer), user=writer)
    page = desk(factories.make_reviewer("reviewer"))
    open_change_page(page, live_server, article)
    page.locator("body").focus()

    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_note":
            break
    page.keyboard.type("Say that LDN is off-label.")
    tab_to(page, "Request changes")
    page.keyboard.press("Enter")

    expect(page.locator(".messagelist")).to_contain_text("Changes requested", timeout=SLOW)
    article.refresh_from_db()
    assert article.review_state == ReviewState.CHANGES_REQUESTED


def test_editor_unpublishes_with_the_keyboard_alone_after_the_confirmation(desk, live_server):
    article = factories.make_live_article()
    page = desk(factories.make_editor("editor"))
    open_change_page(page, live_server, article)
    page.locator("body").focus()

    tab_to(page, "Unpublish now…")
    page.keyboard.press("Enter")
    expect(page.locator(".confirm-unpublish, body.confirm-unpublish")).to_have_count(1, timeout=SLOW)
    assert_focus_is_visible(tab_to(page, "Yes, unpublish now"))
    page.keyboard.press("Enter")

    expect(page.locator(".messagelist")).to_contain_text("Unpublished", timeout=SLOW)
    article.refresh_from_db()
    assert article.live_status == "expired"
