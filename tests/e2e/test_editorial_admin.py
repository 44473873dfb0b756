"""The editorial change page as a writer, a medical reviewer and an editor use it, at 1280 px (issue 11, items 1-6)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from editorial import workflow
from editorial.models import LiveStatus, ReviewEvent, ReviewState
from tests import factories

pytestmark = pytest.mark.browser
SLOW = 15_000  # admin pages load the rich-text editor; a busy CI machine gets time
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
Action = ReviewEvent.Action


def change_url(live_server, obj):
    return f"{live_server.url}/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def open_change_page(page, live_server, obj):
    page.goto(change_url(live_server, obj))
    expect(page.get_by_role("heading", name="Medical review")).to_be_visible(timeout=SLOW)


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk).apply_draft()


def actions_of(obj):
    return list(
        ReviewEvent.objects.filter(content_type=obj.content_type, object_id=obj.pk)
        .order_by("created_at", "pk")
        .values_list("action", flat=True)
    )


def type_at_end(page, selector, text):
    """Type as a person does (real key presses), after what the field holds."""
    field = page.locator(selector)
    field.click()
    field.press("Control+End")
    field.press_sequentially(text)


# 1. No edit is ever discarded ------------------------------------------------


def test_writer_who_edits_and_sends_for_review_without_saving_keeps_the_edits_and_sends_them(desk, live_server):
    writer = factories.make_writer("writer")
    article = factories.make_article(user=writer, title="Naltrexone basics", summary="Old summary.")
    page = desk(writer)
    open_change_page(page, live_server, article)

    page.fill("#id_summary", "A summary the writer never saved by hand.")
    page.fill("#id_review-note", "Ready for review.")
    page.get_by_role("button", name="Send for medical review", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text(
        "Your changes were saved. Sent for medical review", timeout=SLOW
    )
    expect(page.locator("#id_summary")).to_have_value("A summary the writer never saved by hand.")
    stored = fresh(article)
    assert stored.summary == "A summary the writer never saved by hand."
    assert stored.review_state == ReviewState.IN_REVIEW
    assert actions_of(article)[-2:] == [Action.EDIT, Action.SUBMIT]
    assert ReviewEvent.objects.filter(object_id=article.pk, action=Action.SUBMIT).get().note == "Ready for review."


def test_a_review_button_on_a_form_with_errors_sends_nothing_and_keeps_the_edits_on_screen(desk, live_server):
    writer = factories.make_writer("writer")
    article = factories.make_article(user=writer, title="Naltrexone basics", summary="Old summary.")
    page = desk(writer)
    open_change_page(page, live_server, article)

    page.fill("#id_summary", "New summary typed before the title was emptied.")
    page.fill("#id_title", "")
    page.locator("#id_title").evaluate("input => input.removeAttribute('required')")  # as a browser without it would
    page.get_by_role("button", name="Send for medical review", exact=True).click()

    expect(page.locator(".review-refused")).to_contain_text("Nothing was saved or sent", timeout=SLOW)
    expect(page.locator(".errorlist")).to_contain_text("This field is required")
    expect(page.locator("#id_summary")).to_have_value("New summary typed before the title was emptied.")
    stored = fresh(article)
    assert (stored.summary, stored.review_state) == ("Old summary.", ReviewState.DRAFT)
    assert actions_of(article) == [Action.EDIT]


def test_leaving_the_change_page_with_unsaved_edits_asks_first(desk, live_server):
    writer = factories.make_writer("writer")
    article = factories.make_article(user=writer, summary="Old summary.")
    page = desk(writer)
    open_change_page(page, live_server, article)
    expect(page.locator("form[data-unsaved-watch=on]")).to_have_count(1, timeout=SLOW)

    type_at_end(page, "#id_summary", " More words.")
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.locator(".breadcrumbs a").first.click()
    page.wait_for_timeout(500)

    assert dialogs == ["beforeunload"]
    assert page.url == change_url(live_server, article)
    expect(page.locator("#id_summary")).to_have_value("Old summary. More words.")


def test_saving_the_change_page_leaves_without_a_warning(desk, live_server):
    writer = factories.make_writer("writer")
    article = factories.make_article(user=writer, summary="Old summary.")
    page = desk(writer)
    open_change_page(page, live_server, article)
    expect(page.locator("form[data-unsaved-watch=on]")).to_have_count(1, timeout=SLOW)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))

    type_at_end(page, "#id_summary", " Saved.")
    page.locator("input[name=_continue]").first.click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully", timeout=SLOW)
    assert dialogs == []
    assert fresh(article).summary == "Old summary. Saved."


# 2. Irreversible actions confirm ---------------------------------------------


def test_editor_unpublishing_is_told_what_happens_and_which_live_pages_link_here_before_confirming(desk, live_server):
    target = factories.make_live_article(title="Low-dose naltrexone", slug="low-dose-naltrexone")
    factories.make_live_article(
        title="Fibromyalgia treatments", body='<p>See <a href="/articles/low-dose-naltrexone/">LDN</a>.</p>'
    )
    factories.make_live_article(title="Unrelated page", body="<p>No links.</p>")
    page = desk(factories.make_editor("editor"))
    open_change_page(page, live_server, target)

    page.get_by_role("link", name="Unpublish now…").click()

    confirm = page.locator("#content-main")
    expect(confirm).to_contain_text("leaves the public site as soon as you confirm", timeout=SLOW)
    expect(confirm).to_contain_text("must be sent for medical review, approved again")
    expect(confirm.locator("ul")).to_contain_text("Fibromyalgia treatments")
    expect(confirm.locator("ul")).not_to_contain_text("Unrelated page")
    assert fresh(target).live_status == LiveStatus.LIVE  # nothing happened yet

    page.get_by_role("link", name="No, keep it on the site").click()
    expect(page.get_by_role("heading", name="Medical review")).to_be_visible(timeout=SLOW)
    assert fresh(target).live_status == LiveStatus.LIVE

    page.get_by_role("link", name="Unpublish now…").click()
    page.fill("#id_note", "Withdrawn pending new evidence.")
    page.get_by_role("button", name="Yes, unpublish now").click()
    expect(page.locator(".messagelist")).to_contain_text("Unpublished. Visitors no longer see this page.", timeout=SLOW)
    assert fresh(target).live_status == LiveStatus.EXPIRED
    assert ReviewEvent.objects.filter(object_id=target.pk, action=Action.UNPUBLISH).get().note == (
        "Withdrawn pending new evidence."
    )


def test_restoring_a_revision_shows_what_it_replaces_and_waits_for_confirmation(desk, live_server):
    writer = factories.make_writer("writer")
    article = factories.make_live_article(user=writer, summary="Published summary.")
    article.summary = "Unpublished work in progress."
    workflow.save_draft(article, user=writer)
    page = desk(writer)
    page.goto(f"{change_url(live_server, article).removesuffix('change/')}revisions/1/")

    page.get_by_role("link", name="Restore as the working draft…").click()

    expect(page.locator("#content-main")).to_contain_text("replaces the working draft", timeout=SLOW)
    expect(page.locator(".diff")).to_contain_text("Unpublished work in progress.")
    assert fresh(article).summary == "Unpublished work in progress."  # nothing happened yet

    page.get_by_role("button", name="Yes, restore revision 1").click()
    expect(page.locator(".messagelist")).to_contain_text("Revision 1 is now the working draft", timeout=SLOW)
    assert fresh(article).summary == "Published summary."
    assert actions_of(article)[-1] == Action.RESTORE


# 3. Voiding an approval is never a surprise ---------------------------------


def test_writer_editing_an_approved_draft_is_warned_before_and_told_after_that_the_approval_is_cancelled(
    desk, live_server
):
    writer = factories.make_writer("writer")
    article = factories.make_article(user=writer, summary="Approved summary.")
    factories.approve_draft(article)
    page = desk(writer)
    open_change_page(page, live_server, article)

    expect(page.locator(".review-approval-warning")).to_contain_text("Saving any change to it cancels the approval")
    page.fill("#id_summary", "A late change.")
    page.locator("input[name=_continue]").first.click()

    expect(page.locator(".messagelist")).to_contain_text("Your change cancelled the medical approval", timeout=SLOW)
    expect(page.locator(".review-state")).to_have_text("Draft")
    assert fresh(article).review_state == ReviewState.DRAFT


def test_saving_an_approved_draft_unchanged_keeps_the_approval_and_says_nothing_about_it(desk, live_server):
    writer = factories.make_writer("writer")
    article = factories.make_article(user=writer)
    factories.approve_draft(article)
    page = desk(writer)
    open_change_page(page, live_server, article)

    page.locator("input[name=_continue]").first.click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully", timeout=SLOW)
    expect(page.locator(".messagelist")).not_to_contain_text("cancelled")
    assert fresh(article).review_state == ReviewState.APPROVED


# 4. The reviewer's note reaches the writer ------------------------------------


def test_reviewer_note_is_at_the_top_of_the_writer_panel_and_in_the_writer_queue(desk, live_server):
    writer = factories.make_writer("writer")
    article = factories.make_article(user=writer, title="Crohn's and diet")
    workflow.submit(article, user=writer)
    reviewer_page = desk(factories.make_reviewer("reviewer"))
    open_change_page(reviewer_page, live_server, article)
    reviewer_page.fill("#id_note", "Cite the 2023 ECCO guideline for the diet claim.")
    reviewer_page.get_by_role("button", name="Request changes").click()
    expect(reviewer_page.locator(".messagelist")).to_contain_text("Changes requested", timeout=SLOW)

    page = desk(writer)
    queue = page.locator(".dashboard-card").filter(has=page.get_by_role("heading", name=re.compile("Sent back")))
    expect(queue.locator("li")).to_contain_text("Cite the 2023 ECCO guideline for the diet claim.")
    queue.get_by_role("link", name="Crohn's and diet").click()

    note = page.locator(".review-panel .review-request")
    expect(note).to_contain_text("Changes requested by reviewer", timeout=SLOW)
    expect(note).to_contain_text("Cite the 2023 ECCO guideline for the diet claim.")
    # First thing in the panel after its heading, above the state and the buttons.
    assert page.locator(".review-panel > :nth-child(2)").get_attribute("class") == "review-request"
