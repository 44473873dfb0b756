"""The change page's layout: a main column of fields and a side panel about the page (issue 27, item 1)."""

import pytest
from playwright.sync_api import expect

from comments.models import add_comment
from editorial import workflow
from sharing.models import create_link
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, assert_no_axe_violations
from tests.e2e.test_editorial_admin import SHOTS, SLOW, change_url

pytestmark = pytest.mark.browser
ROLES = {"writer": factories.make_writer, "reviewer": factories.make_reviewer, "editor": factories.make_editor}
PARAGRAPH = (
    "<p>Low-dose naltrexone is taken at night, usually between 1.5 and 4.5 mg [1]. People starting it keep a "
    "diary of sleep, pain and mood for eight weeks. They bring it to their next appointment [2]. The benefit, "
    "where there is one, tends to show slowly and unevenly [3].</p>"
)


def realistic_article(writer, title="Low-dose naltrexone for fibromyalgia"):
    """An article as writers leave them: several sections, 3 sources, 2 comments and a share link."""
    sections = "".join(f"<h2>Section {n}</h2>{PARAGRAPH * 3}" for n in range(1, 5))
    sources = [{"title": f"Trial {n} of LDN", "publisher": "Journal of Pain Research", "year": 2020} for n in (1, 2, 3)]
    article = factories.make_article(user=writer, title=title, body=sections, sources=sources)
    add_comment(article, text="Say that LDN use is off-label.", user=writer)
    add_comment(article, text="Add how common vivid dreams are.", target="section:section-2", user=writer)
    create_link(article, user=writer, label="Dr Okafor")
    return article


def in_state(state, writer):
    article = realistic_article(writer, title=f"LDN, {state.replace('_', ' ')}")
    if state in {"in_review", "approved", "published"}:
        workflow.submit(article, user=writer)
    if state in {"approved", "published"}:
        workflow.approve(article, user=factories.make_reviewer())
    if state == "published":
        workflow.publish(article, user=factories.make_editor())
    assert article.review_state == state
    return article


def open_page(page, live_server, obj):
    page.goto(change_url(live_server, obj))
    expect(page.get_by_role("heading", name="Medical review")).to_be_visible(timeout=SLOW)


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def in_viewport(page, locator) -> bool:
    rect = locator.bounding_box()
    height = page.viewport_size["height"]
    return rect is not None and rect["y"] >= 0 and rect["y"] + rect["height"] <= height


def page_height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_panel_sits_beside_the_fields_and_keeps_the_buttons_in_view_at_1280(desk, live_server):
    writer = factories.make_writer("writer")
    article = realistic_article(writer)
    page = desk(writer)
    open_page(page, live_server, article)
    expect(page.locator(".ck-editor__editable")).to_be_visible(timeout=SLOW)

    panel = page.get_by_role("complementary", name="Review and publishing")
    form = box(page, "#article_form")
    aside = panel.bounding_box()
    assert aside["x"] >= form["x"] + form["width"], (form, aside)  # beside the fields, on their right
    assert aside["y"] < form["y"] + 200  # and starting at the top, not below them
    print(f"article change page height at 1280 px: {page_height(page)} px")
    page.screenshot(path=str(SHOTS / "layout-writer-draft-1280.png"), full_page=True)

    page.locator(".field-body").scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    button = panel.get_by_role("button", name="Send for medical review")
    assert in_viewport(page, button), button.bounding_box()
    page.screenshot(path=str(SHOTS / "layout-writer-draft-1280-scrolled.png"))


def test_panel_follows_the_title_with_the_buttons_first_at_390(desk, live_server):
    writer = factories.make_writer("writer")
    article = realistic_article(writer)
    page = desk(writer)
    page.set_viewport_size(PHONE)
    open_page(page, live_server, article)

    title = box(page, "#content h1")
    panel = page.get_by_role("complementary", name="Review and publishing").bounding_box()
    form = box(page, "#article_form fieldset")
    assert title["y"] < panel["y"] < form["y"], (title, panel, form)
    assert panel["width"] <= PHONE["width"]
    button = page.get_by_role("button", name="Send for medical review")
    button.scroll_into_view_if_needed()
    assert box(page, ".review-buttons")["y"] < box(page, "#checks-panel-title")["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing scrolls sideways
    page.screenshot(path=str(SHOTS / "layout-writer-draft-390.png"), full_page=True)


def test_keyboard_reaches_the_buttons_before_the_fields_and_can_skip_to_them(desk, live_server):
    writer = factories.make_writer("writer")
    article = realistic_article(writer)
    page = desk(writer)
    open_page(page, live_server, article)
    page.locator("#content-start").focus()  # where the admin's "Skip to main content" link lands

    order = []
    for _ in range(60):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.textContent.trim() || document.activeElement.id"))
        if order[-1] == "id_title":
            break
    assert order[0] == "Skip to the page's fields", order
    assert "Send for medical review" in order and "id_title" in order, order
    assert order.index("Send for medical review") < order.index("id_title")

    page.locator("#content-start").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    in_form = page.evaluate("document.activeElement.closest('#article_form') !== null")
    assert in_form, page.evaluate("document.activeElement.outerHTML")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", ["draft", "in_review", "approved", "published"])
def test_layout_holds_for_each_role_and_state_and_axe_finds_nothing(desk, live_server, role, state):
    writer = factories.make_writer() if role != "writer" else factories.make_writer("writer")
    article = in_state(state, writer)
    page = desk(ROLES[role](role) if role != "writer" else writer)

    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        open_page(page, live_server, article)
        panel = page.get_by_role("complementary", name="Review and publishing")
        expect(panel.get_by_role("heading", name="Medical review")).to_be_visible()
        expect(panel.locator(".review-state")).to_be_visible()
        expect(panel.get_by_role("heading", name="Checks")).to_be_attached()
        expect(panel.locator("#comments")).to_contain_text("Say that LDN use is off-label.")
        expect(page.locator("fieldset.module > h2:empty")).to_have_count(0)  # no empty header bars
        if role != "reviewer":
            expect(page.locator(".ck-editor__editable").first).to_be_visible(timeout=SLOW)
        buttons = panel.locator(".review-button")
        if buttons.count():
            buttons.first.scroll_into_view_if_needed()
            assert in_viewport(page, buttons.first)
        width = size["width"]
        page.screenshot(path=str(SHOTS / f"layout-{role}-{state}-{width}.png"), full_page=True)
        assert_no_axe_violations(page)


@pytest.mark.parametrize("make", [factories.make_condition, factories.make_site_page, factories.make_block])
def test_condition_site_page_and_block_pages_have_the_same_panel(desk, live_server, make):
    obj = make()
    page = desk(factories.make_editor("editor"))
    open_page(page, live_server, obj)

    form = box(page, f"#{obj._meta.model_name}_form")
    aside = page.get_by_role("complementary", name="Review and publishing").bounding_box()
    assert aside["x"] >= form["x"] + form["width"], (form, aside)
    expect(page.locator("fieldset.module > h2:empty")).to_have_count(0)
    page.screenshot(path=str(SHOTS / f"layout-editor-{obj._meta.model_name}-1280.png"), full_page=True)
    assert_no_axe_violations(page)
