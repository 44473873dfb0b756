"""The admin home's cards in a real browser: each role at 1280 and 390 px, axe clean, every link by keyboard."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from editorial import workflow
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, assert_no_axe_violations
from tests.e2e.test_editorial_admin import SHOTS

pytestmark = pytest.mark.browser

ROLES = {
    "writer": (
        factories.make_writer,
        # The demo's Spanish fibromyalgia page follows an older English version (issue 30).
        ["My drafts", "Sent back to me", "Translations following an older version", "Recent activity on my pages"],
    ),
    "reviewer": (
        factories.make_reviewer,
        ["Waiting for my medical review", "Medical reviews due and overdue", "Recent activity on my pages"],
    ),
    "editor": (
        factories.make_editor,
        [
            "Waiting for an editor's review",
            "Approved, ready to publish or schedule",
            "Scheduled this week",
            "Medical reviews due and overdue",
            "Translations following an older version",
            "Recent activity on my pages",
        ],
    ),
    "intake": (factories.make_intake, ["Intake queue"]),
}


def work_for(user) -> None:
    """Give every card something to show, several of them more than the five a card lists (drafts: the writer's)."""
    reviewer = factories.make_reviewer()
    for n in range(7):
        factories.make_article(user=user, title=f"Draft about sleep and recovery, part {n}")
    sent_back = factories.make_condition(user=user, name="Alcohol use disorder")
    workflow.submit(sent_back, user=user)
    workflow.request_changes(sent_back, user=reviewer, note="Cite the 2023 guideline for the withdrawal claim.")
    for n in range(3):
        waiting = factories.make_article(title=f"Naltrexone question {n}")
        workflow.submit(waiting, user=waiting.draft_updated_by)
    ready = factories.make_article(title="What to expect in detox")
    factories.approve_draft(ready)
    scheduled = factories.make_article(title="Family programme")
    factories.approve_draft(scheduled)
    workflow.publish(scheduled, user=factories.make_editor(), at=timezone.now() + datetime.timedelta(days=2))
    due = factories.make_live_article(title="Benzodiazepine tapering")
    factories.set_stored(Article.objects.filter(pk=due.pk), review_due_at=timezone.localdate())
    factories.make_contact_request(is_urgent=True)


def links_reached_by_tab(page, limit: int = 120) -> list[str]:
    """Tab through the page and return the addresses of the dashboard links that took the focus."""
    reached = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.closest('.work-dashboard') ? document.activeElement.href : null")
        if href:
            reached.append(href)
    return reached


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_its_cards_on_desktop_and_phone_axe_clean_and_by_keyboard(desk, live_server, role):
    make, titles = ROLES[role]
    user = make(role)
    work_for(user if role == "writer" else factories.make_writer())
    page = desk(user)

    cards = page.locator(".dashboard-card h3")
    expect(cards).to_have_text(titles)
    page.screenshot(path=str(SHOTS / f"dashboard-{role}-1280.png"), full_page=True)
    assert_no_axe_violations(page)
    hrefs = page.locator(".work-dashboard a").evaluate_all("links => links.map(link => link.href)")
    assert hrefs and set(links_reached_by_tab(page)) == set(hrefs)

    page.set_viewport_size(PHONE)
    boxes = [cards.nth(n).bounding_box() for n in range(cards.count())]
    assert len({round(box["x"]) for box in boxes}) == 1  # one column
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(SHOTS / f"dashboard-{role}-390.png"), full_page=True)
    assert_no_axe_violations(page)
    page.set_viewport_size(DESKTOP)


def test_view_all_opens_the_list_of_the_same_pages(desk, live_server):
    writer = factories.make_writer("writer")
    work_for(writer)
    page = desk(writer)

    card = page.locator(".dashboard-card").filter(has=page.get_by_role("heading", name="My drafts"))
    expect(card.locator(".card-items li")).to_have_count(5)
    expect(card.locator(".card-count")).to_have_text("7")
    card.get_by_role("link", name="View all 7: My drafts").click()

    expect(page.locator("#result_list tbody tr")).to_have_count(7)
