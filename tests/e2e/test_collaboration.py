"""Share links, review comments and edit locking as people use them in the browser (issue 16, items 3-5)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from editorial import workflow
from sharing.models import ShareLinkUse
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, assert_no_axe_violations, close_quietly

pytestmark = pytest.mark.browser
SLOW = 15_000  # admin pages load the rich-text editor; a busy machine gets time
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def change_url(live_server, obj):
    return f"{live_server.url}/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def axe(page):
    """Check the page with axe; forget the console errors axe's own injected styles cause under the strict CSP."""
    before = len(getattr(page, "console_errors", []))
    assert_no_axe_violations(page)
    if hasattr(page, "console_errors"):
        del page.console_errors[before:]


def open_change_page(page, live_server, obj):
    page.goto(change_url(live_server, obj))
    expect(page.get_by_role("heading", name="Medical review")).to_be_visible(timeout=SLOW)


def test_writer_shares_a_draft_an_outside_reviewer_reads_and_comments_then_the_link_is_revoked(
    desk, browser, live_server
):
    writer = factories.make_writer("writer")
    article = factories.make_article(
        user=writer, title="Low-dose naltrexone draft", body="<h2>Dosing</h2><p>Draft dosing text.</p>"
    )
    page = desk(writer)
    open_change_page(page, live_server, article)

    page.get_by_text("Make a share link", exact=True).click()
    page.get_by_label("Shared with").fill("outside hepatologist")
    page.get_by_role("button", name="Make share link").click()
    address = page.get_by_label("New share link").input_value()
    assert address.startswith(f"{live_server.url}/shared/")
    page.screenshot(path=SHOTS / "share-link-created-1280.png", full_page=True)

    outsider = browser.new_context(viewport=PHONE)  # a fresh browser: no account, no cookies
    try:
        visitor = outsider.new_page()
        visitor.goto(address)
        expect(visitor.get_by_role("heading", name="Low-dose naltrexone draft")).to_be_visible()
        expect(visitor.get_by_role("status").filter(has_text="Not published.")).to_be_visible()
        assert visitor.locator("meta[name=robots]").get_attribute("content").startswith("noindex")
        axe(visitor)
        visitor.screenshot(path=SHOTS / "shared-draft-390.png", full_page=True)
        visitor.set_viewport_size(DESKTOP)
        axe(visitor)

        visitor.get_by_label("Your name").fill("Dr Sample")
        visitor.get_by_label("About").select_option(label="Section “Dosing”")
        visitor.get_by_label("Your comment").fill("Say the dose is taken at bedtime.")
        visitor.get_by_role("button", name="Send comment").click()
        expect(visitor.get_by_text("Thank you: your comment reached the editorial team.")).to_be_visible()

        open_change_page(page, live_server, article)
        comments = page.locator("#comments-section-dosing")
        expect(comments).to_contain_text("Dr Sample (outside reviewer)")
        expect(comments).to_contain_text("Say the dose is taken at bedtime.")
        expect(page.locator(".share-links")).to_contain_text("outside hepatologist")
        axe(page)  # the change page with both panels filled

        page.get_by_role("button", name="Revoke link 1").click()
        expect(page.locator(".share-links")).to_contain_text("No longer works: revoked")
        response = visitor.goto(address)
        assert response.status == 410
        expect(visitor.get_by_role("heading", name="This share link no longer works")).to_be_visible()
        expect(visitor.get_by_text("withdrawn by the editorial team")).to_be_visible()
        axe(visitor)
    finally:
        close_quietly(outsider)
    assert list(ShareLinkUse.objects.order_by("at").values_list("outcome", flat=True)) == [
        "shown",
        "commented",
        "shown",
        "refused",
    ]
    assert page.console_errors == []


def test_reviewer_comments_on_a_section_and_the_writer_replies_and_resolves(desk, live_server):
    writer = factories.make_writer("writer")
    reviewer_user = factories.make_reviewer("reviewer")
    article = factories.make_article(user=writer, body="<h2>Side effects</h2><p>Vivid dreams.</p>")
    workflow.submit(article, user=writer)

    reviewer = desk(reviewer_user)
    open_change_page(reviewer, live_server, article)
    reviewer.get_by_text("Add a comment", exact=True).click()
    reviewer.get_by_label("About").select_option(label="Section “Side effects”")
    reviewer.get_by_label("Comment", exact=True).fill("Add how common this is.")
    reviewer.get_by_role("button", name="Add comment").click()
    expect(reviewer.locator("#comments-section-side-effects")).to_contain_text("Add how common this is.")
    expect(reviewer.get_by_role("heading", name="Review comments (1 open)")).to_be_visible()
    expect(reviewer.locator(".field-body_as_read .comment-flag")).to_have_text(
        "1 open comment on Section “Side effects”"
    )
    reviewer.get_by_label("Add how common this is.", exact=False).check()
    reviewer.get_by_label("Note").fill("Please see the comment.")
    reviewer.get_by_role("button", name="Request changes").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("Changes requested")

    page = desk(writer)
    page.goto(f"{live_server.url}/admin/")
    page.locator("#card-sent_back").get_by_role("link", name="1 open comment").click()  # the card "Sent back to me"
    expect(page.locator("#comments-section-side-effects")).to_be_visible(timeout=SLOW)
    expect(page.locator(".review-request")).to_contain_text("Add how common this is.")
    page.locator(".field-body .comment-flag a").click()  # beside the body field, a link to its open comments
    assert page.url.endswith("#comments-section-side-effects")
    page.locator(".comment-reply summary").click()
    page.get_by_label("Your reply").fill("Added: about 1 in 10 people.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator(".comment-replies")).to_contain_text("Added: about 1 in 10 people.")
    page.screenshot(path=SHOTS / "review-comments-1280.png", full_page=True)
    axe(page)
    page.get_by_role("button", name="Resolve").click()
    expect(page.get_by_role("heading", name="Review comments (0 open)")).to_be_visible()
    expect(page.get_by_text("Resolved comments (1)")).to_be_visible()
    assert Comment.objects.filter(resolved_by=writer).count() == 2
    page.set_viewport_size(PHONE)
    page.screenshot(path=SHOTS / "review-comments-390.png", full_page=True)
    # The comment form's section list and the review history fit a phone, with no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert reviewer.console_errors == [] and page.console_errors == []


def test_two_editors_see_each_other_and_the_later_save_is_refused_without_losing_input(desk, live_server):
    alex = factories.make_editor("alex")
    sam = factories.make_writer("sam")
    article = factories.make_article(user=sam, title="Shared page", summary="First summary.")

    first = desk(alex)
    open_change_page(first, live_server, article)
    second = desk(sam)
    open_change_page(second, live_server, article)
    expect(second.locator("#edit-lock")).to_contain_text("alex has this page open (since")

    # The page's script posts a heartbeat at once; sam's page is reloaded only once the server has it.
    with first.expect_response(lambda response: "/presence/" in response.url and response.request.method == "POST"):
        first.fill("#id_summary", "Alex's unsaved summary.")
    second.reload()
    expect(second.locator("#edit-lock")).to_contain_text("alex has this page open with unsaved changes")
    second.screenshot(path=SHOTS / "edit-lock-1280.png")

    second.fill("#id_summary", "Sam's summary, saved first.")
    second.locator("input[name=_continue]").first.click()
    expect(second.locator(".messagelist")).to_contain_text("was changed successfully", timeout=SLOW)

    first.on("dialog", lambda dialog: dialog.accept())
    first.locator("input[name=_continue]").first.click()
    expect(first.locator(".errornote, .errorlist.nonfield")).to_contain_text(
        ["Please correct the error below.", "sam saved this page at"], timeout=SLOW
    )
    expect(first.locator("#id_summary")).to_have_value("Alex's unsaved summary.")
    assert first.evaluate("document.querySelector('#article_form').dataset.dirty") == "true"  # leaving asks first
    expect(first.get_by_role("link", name="Compare their version")).to_be_visible()
    first.set_viewport_size(PHONE)
    first.screenshot(path=SHOTS / "edit-conflict-390.png", full_page=True)
    axe(second)
    assert type(article).objects.get(pk=article.pk).draft["fields"]["summary"] == "Sam's summary, saved first."

    first.locator("input[name=_continue]").first.click()
    expect(first.locator(".messagelist")).to_contain_text("was changed successfully", timeout=SLOW)
    assert type(article).objects.get(pk=article.pk).draft["fields"]["summary"] == "Alex's unsaved summary."
    assert first.console_errors == [] and second.console_errors == []
