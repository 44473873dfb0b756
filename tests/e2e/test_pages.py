"""Blocks and notes for readers in a real browser: a header-strip change from writer to visitor, and a correction."""

import re

import pytest
from playwright.sync_api import expect

from editorial import workflow
from editorial.models import ReviewState
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, assert_no_axe_violations, close_quietly

pytestmark = pytest.mark.browser
SLOW = 15_000


def test_header_strip_change_is_reviewed_by_another_editor_published_and_shown_to_visitors(desk, browser, live_server):
    writer, editor = factories.make_writer(), factories.make_editor()
    block = factories.make_block(
        kind="header_strip", body='<p>In crisis? Call or text <a href="tel:988">988</a>.</p>', user=writer
    )
    url = f"{live_server.url}/admin/pages/block/{block.pk}/change/"

    as_writer = desk(writer)
    as_writer.goto(url)
    expect(as_writer.get_by_role("heading", name="Medical review")).to_be_visible(timeout=SLOW)
    as_writer.get_by_role("button", name="Send for review", exact=True).click()
    expect(as_writer.locator(".messagelist")).to_contain_text(
        "Sent for review. The editors have been told.", timeout=SLOW
    )
    expect(as_writer.get_by_role("button", name="Publish now")).to_have_count(0)

    second_editor = factories.make_editor()
    as_approver = desk(second_editor)
    as_approver.goto(url)
    as_approver.get_by_role("button", name="Approve this version", exact=True).click()
    expect(as_approver.locator(".messagelist")).to_contain_text("Approved", timeout=SLOW)

    as_editor = desk(editor)
    as_editor.goto(url)
    expect(as_editor.locator(".ck-editor__editable")).to_be_visible(timeout=SLOW)
    assert_no_axe_violations(as_editor)
    as_editor.get_by_role("button", name="Publish now", exact=True).click()
    expect(as_editor.locator(".messagelist")).to_contain_text("Published", timeout=SLOW)
    block.refresh_from_db()
    assert block.review_state == ReviewState.PUBLISHED

    for viewport in (PHONE, DESKTOP):
        context = browser.new_context(viewport=viewport)
        visitor = context.new_page()
        for path in ("/", "/articles/", "/conditions/", "/contact/"):
            visitor.goto(f"{live_server.url}{path}")
            expect(visitor.locator(".crisis-bar")).to_have_text(re.compile(r"^\s*In crisis\? Call or text 988\.\s*$"))
            expect(visitor.locator(".help-panel")).to_contain_text("988")
            expect(visitor.locator(".site-footer")).to_contain_text("Medical disclaimer")
        close_quietly(context)


def test_a_correction_published_by_an_editor_is_listed_on_the_page_and_in_the_log(desk, page, live_server):
    article = factories.make_live_article(title="Low-dose naltrexone", body="<p>Start at 4.5 mg [1].</p>")
    article.body = "<p>Start at 3.0 mg [1].</p>"
    workflow.save_draft(article, user=factories.make_writer())
    factories.approve_draft(article)

    as_editor = desk(factories.make_editor())
    as_editor.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    expect(as_editor.locator(".ck-editor__editable")).to_be_visible(timeout=SLOW)
    assert_no_axe_violations(as_editor)  # with the note fields beside the publish button
    as_editor.get_by_label("Note for readers").fill("Corrected the LDN starting dose.")
    as_editor.get_by_label("Kind of note").select_option("correction")
    as_editor.get_by_role("button", name="Publish now", exact=True).click()
    expect(as_editor.locator(".messagelist")).to_contain_text("Published", timeout=SLOW)

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    expect(page.locator(".update-notes")).to_contain_text("Correction")
    expect(page.locator(".update-notes")).to_contain_text("Corrected the LDN starting dose.")
    page.get_by_role("link", name="All corrections on this site").click()
    expect(page.get_by_role("heading", name="Corrections", level=1)).to_be_visible()
    expect(page.locator(".corrections")).to_contain_text("Low-dose naltrexone")
    assert_no_axe_violations(page)
