"""What each role sees on the editorial admin screens, at 1280 px (issue 11, items 5, 6 and 8)."""

import re

import pytest
from playwright.sync_api import expect

from editorial import workflow
from tests import factories
from tests.e2e.test_editorial_admin import SHOTS, SLOW, open_change_page

pytestmark = pytest.mark.browser

SOURCES = [
    {
        "title": "Low-dose naltrexone for fibromyalgia",
        "publisher": "Arthritis & Rheumatology",
        "url": "https://doi.org/10.1002/art.37734",
        "year": 2013,
        "doi": "10.1002/art.37734",
        "pmid": "23359310",
    },
    {
        "title": "Naltrexone label",
        "publisher": "US Food and Drug Administration",
        "url": "https://www.accessdata.fda.gov/label",
        "year": 2021,
        "doi": "",
        "pmid": "",
    },
]


def article_in_review(**kwargs):
    writer = factories.make_writer("writer")
    condition = factories.make_live_condition(name="Fibromyalgia")
    author = factories.make_contributor(name="Dana Writer", is_writer=True)
    article = factories.make_article(
        user=writer,
        title="Low-dose naltrexone for fibromyalgia",
        body="<h2>How it works</h2><p>LDN may calm glial cells [1].</p><ul><li>Start low</li><li>Go slow</li></ul>",
        sources=SOURCES,
        authors=[author],
        conditions=[condition],
        **kwargs,
    )
    workflow.submit(article, user=writer)
    return article


# 5. Reviewers see everything they approve ------------------------------------


def test_reviewer_reads_the_draft_sources_related_items_and_styled_body_with_a_link_to_the_visitor_preview(
    desk, live_server
):
    article = article_in_review()
    page = desk(factories.make_reviewer("reviewer"))
    open_change_page(page, live_server, article)
    page.screenshot(path=str(SHOTS / "reviewer-change-page-1280.png"), full_page=True)

    sources = page.locator(".reader-sources li")
    expect(sources).to_have_count(2)
    expect(sources.nth(0)).to_contain_text("Low-dose naltrexone for fibromyalgia")
    expect(sources.nth(0)).to_contain_text("Arthritis & Rheumatology")
    expect(sources.nth(0)).to_contain_text("PMID 23359310")
    expect(sources.nth(1).get_by_role("link")).to_have_attribute("href", "https://www.accessdata.fda.gov/label")
    related = page.locator(".reader-related")
    expect(related).to_contain_text("Dana Writer")
    expect(related).to_contain_text("Fibromyalgia")
    body = page.locator(".reader-body")
    expect(body.get_by_role("heading", name="How it works")).to_be_visible()
    expect(body.locator("ul li")).to_have_count(2)
    assert body.locator("li").first.evaluate("li => getComputedStyle(li).listStyleType") == "disc"
    assert float(body.evaluate("b => parseFloat(getComputedStyle(b).fontSize)")) >= 17

    page.get_by_role("link", name="Open the visitor preview").click()
    expect(page.locator("h1")).to_have_text("Low-dose naltrexone for fibromyalgia", timeout=SLOW)
    expect(page.locator("main")).to_contain_text("LDN may calm glial cells")


# 6. Admin that fits the work ------------------------------------------------


def test_writer_change_page_with_sources_fits_1280_px_and_explains_citations_and_title_length(desk, live_server):
    article = article_in_review()
    workflow.request_changes(article, user=factories.make_reviewer(), note="Add the dose range.")
    page = desk(article.draft_updated_by)
    open_change_page(page, live_server, article)
    page.screenshot(path=str(SHOTS / "writer-change-page-1280.png"), full_page=True)

    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    expect(page.locator("#id_sources-0-title")).to_have_value("Low-dose naltrexone for fibromyalgia")
    body_help = page.locator(".field-body .help")
    expect(body_help).to_contain_text("[1] or [2, 3]")
    expect(body_help).to_contain_text("row in Sources below")
    expect(page.locator("#id_review-note-help")).to_have_text("Optional: kept in the review history with what you do.")

    title = page.locator("#id_title")
    expect(title).to_have_attribute("maxlength", "120")
    expect(page.locator("#id_title-count")).to_have_text("36 of 120 characters.")
    title.fill("Low-dose naltrexone for fibromyalgia: what the 2024 trials found")
    expect(page.locator("#id_title-count")).to_contain_text(
        "64 of 120 characters: search results cut titles longer than 60."
    )


def test_reviewer_sees_help_for_reviewing_not_for_filling_in_fields(desk, live_server):
    article = article_in_review()
    page = desk(factories.make_reviewer("reviewer"))
    open_change_page(page, live_server, article)

    expect(page.locator("#id_note-help")).to_have_text(
        "Required when you request changes: say what the writer must fix."
    )
    expect(page.get_by_text("Two or three plain sentences shown under the title")).to_be_hidden()
    expect(page.get_by_text("Cite a source by its number")).to_have_count(0)


def test_history_button_opens_the_page_review_history(desk, live_server):
    article = article_in_review()
    page = desk(article.draft_updated_by)
    open_change_page(page, live_server, article)

    page.locator(".object-tools").get_by_role("link", name="History").click()

    expect(page.locator("h1")).to_have_text(f"Review history of {article}", timeout=SLOW)
    rows = page.locator(".review-history tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Sent for medical review")
    expect(rows.nth(1)).to_contain_text("Edited the draft")


def test_editor_queues_say_whether_a_page_is_approved_or_scheduled(desk, live_server):
    approved = factories.make_article(title="Approved, waiting")
    factories.approve_draft(approved)
    scheduled = factories.make_article(title="Scheduled one")
    factories.approve_draft(scheduled)
    workflow.publish(
        scheduled, user=factories.make_editor(), at=workflow.timezone.now() + workflow.datetime.timedelta(days=3)
    )
    page = desk(factories.make_editor("editor"))

    ready = page.locator(".dashboard-card").filter(
        has=page.get_by_role("heading", name=re.compile("^Approved, ready to publish"))
    )
    later = page.locator(".dashboard-card").filter(
        has=page.get_by_role("heading", name=re.compile("^Scheduled this week"))
    )
    expect(ready.locator("li")).to_have_text([re.compile("Approved, waiting")])
    expect(later.locator("li")).to_have_text([re.compile("Scheduled one.*goes live", re.DOTALL)])
