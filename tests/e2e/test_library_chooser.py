"""The media library chooser in the rich-text editor and beside the hero image field (issue 28, item 2)."""

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from articles.models import Article
from library.models import Document, Image, Tag
from library.usage import usages
from tests import factories
from tests.e2e.conftest import PHONE, assert_no_axe_violations
from tests.e2e.test_editorial_admin import SHOTS, SLOW, fresh, open_change_page

pytestmark = pytest.mark.browser


def library_with_capsules() -> Image:
    """Fill more than one page of the chooser, with the picture to find tagged "naltrexone" on neither page one."""
    capsules = factories.make_image(title="Two capsules", alt_text="Two white capsules on a saucer")
    capsules.tags.add(Tag.objects.create(name="naltrexone"))
    factories.make_image(title="Pattern", alt_text="", decorative=True, decorative_reason="Background only")
    factories.make_image(title="Fresh upload", alt_text="")
    for n in range(12):
        factories.make_image(title=f"Walking group {n}")
    return capsules


def open_chooser(page):
    page.get_by_role("button", name="Library image").click()
    dialog = page.get_by_role("dialog", name="Choose an image from the library")
    expect(dialog.locator(".library-chooser-status")).to_contain_text("images", timeout=SLOW)
    return dialog


def search(page, words: str) -> None:
    page.get_by_label("Search by title or tag").fill(words)
    page.keyboard.press("Enter")
    expect(page.locator(".library-chooser-status")).to_contain_text(f"for “{words}”, page 1 of 1.")


def test_an_editor_inserts_a_library_image_into_the_text_and_the_draft_names_it(desk, live_server):
    capsules = library_with_capsules()
    editor = factories.make_editor("editor")
    article = factories.make_article(user=editor, body="<p>Intro.</p>")
    page = desk(editor)
    open_change_page(page, live_server, article)
    editable = page.locator(".field-body .ck-editor__editable")
    editable.click()
    editable.press("Control+End")

    dialog = open_chooser(page)
    expect(dialog.locator(".library-chooser-status")).to_have_text("15 images, page 1 of 2.")
    expect(page.locator("#library-chooser-q")).to_be_focused()
    dialog.get_by_role("button", name="Next page").click()
    expect(dialog.locator(".library-chooser-status")).to_have_text("15 images, page 2 of 2.")
    search(page, "naltrexone")
    dialog.get_by_role("button", name="Choose “Two capsules”").click()

    expect(dialog).to_be_hidden()
    inserted = editable.locator("img")
    expect(inserted).to_have_attribute("src", capsules.url)
    expect(inserted).to_have_attribute("alt", "Two white capsules on a saucer")
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully", timeout=SLOW)

    body = fresh(article).body
    assert f'src="{capsules.url}"' in body and 'alt="Two white capsules on a saucer"' in body
    # Never published, so its draft text is the page's only text: used there, on no live page.
    assert [(use.obj, use.how, use.live) for use in usages(capsules)] == [(article, "in the text", False)]
    assert page.console_errors == []


def test_a_decorative_image_goes_in_with_empty_alt_text_and_an_undescribed_one_cannot_be_chosen(desk, live_server):
    library_with_capsules()
    pattern = Image.objects.get(title="Pattern")
    editor = factories.make_editor("editor")
    article = factories.make_article(user=editor, body="<p>Intro.</p>")
    page = desk(editor)
    open_change_page(page, live_server, article)
    page.locator(".field-body .ck-editor__editable").click()

    dialog = open_chooser(page)
    search(page, "fresh")
    expect(dialog.get_by_role("link", name="Describe it in the library first (“Fresh upload”, opens in a new tab)"))
    expect(dialog.get_by_role("button", name="Choose “Fresh upload”")).to_have_count(0)
    search(page, "pattern")
    dialog.get_by_role("button", name="Choose “Pattern”").click()

    expect(page.locator(".field-body .ck-editor__editable img")).to_have_attribute("alt", "")
    assert page.evaluate("() => window.editors['id_body'].getData()").count('alt=""') == 1
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully", timeout=SLOW)
    assert f'<img src="{pattern.url}" alt="" width="64" height="48">' in fresh(article).body


def test_the_keyboard_opens_the_chooser_and_escape_gives_focus_back_to_the_editor(desk, live_server):
    library_with_capsules()
    editor = factories.make_editor("editor")
    article = factories.make_article(user=editor, body="<p>Intro.</p>")
    page = desk(editor)
    open_change_page(page, live_server, article)
    page.locator(".field-body .ck-editor__editable").click()

    page.keyboard.press("Alt+F10")  # CKEditor's keyboard way to its toolbar; arrows move along it
    for _ in range(20):
        if page.evaluate("() => document.activeElement.textContent.trim()") == "Library image":
            break
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Choose an image from the library")
    expect(page.get_by_label("Search by title or tag")).to_be_focused()
    expect(dialog.locator(".library-chooser-status")).to_contain_text("15 images", timeout=SLOW)
    page.keyboard.press("Escape")

    expect(dialog).to_be_hidden()
    expect(page.locator(".field-body .ck-editor__editable")).to_be_focused()
    expect(page.locator(".field-body .ck-editor__editable img")).to_have_count(0)


def test_the_hero_image_field_is_chosen_from_the_same_dialog(desk, live_server):
    capsules = library_with_capsules()
    editor = factories.make_editor("editor")
    article = factories.make_article(user=editor, body="<p>Intro.</p>")
    page = desk(editor)
    open_change_page(page, live_server, article)

    page.get_by_role("button", name="Choose from the library").click()
    dialog = page.get_by_role("dialog", name="Choose an image from the library")
    search(page, "capsules")
    dialog.get_by_role("button", name="Choose “Two capsules”").click()

    expect(page.locator("#id_hero_image")).to_have_value(str(capsules.pk))
    expect(page.get_by_role("status").filter(has_text="Chosen: Two capsules")).to_have_text(
        "Chosen: Two capsules (alt text: Two white capsules on a saucer). Save to keep it."
    )
    expect(page.get_by_role("button", name="Choose from the library")).to_be_focused()
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully", timeout=SLOW)
    assert fresh(article).hero_image == capsules


def test_the_chooser_and_the_document_list_have_no_axe_violations(desk, live_server, demo_content):
    """On the demo site, whose library holds its illustrated portraits and heroes (the screenshots show them)."""
    handout = Document(title="Starting naltrexone: a handout", credit="Recovery Site")
    handout.file.save("starting-naltrexone.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    factories.make_image(title="Fresh upload", alt_text="")  # shown with its link to the library instead of a button
    article = Article.objects.order_by("pk").first()
    page = desk(factories.make_editor("chooser-editor"))  # the demo has an "editor" of its own
    SHOTS.mkdir(parents=True, exist_ok=True)

    for viewport, name in ((None, "1280"), (PHONE, "390")):  # the desk opens at 1280 px
        if viewport:
            page.set_viewport_size(viewport)
        page.goto(live_server.url + "/admin/library/document/")
        assert_no_axe_violations(page)
        open_change_page(page, live_server, article)
        page.locator(".field-body .ck-editor__editable").click()
        open_chooser(page)
        assert_no_axe_violations(page)
        page.screenshot(path=str(SHOTS / f"library-chooser-{name}.png"))


def test_a_contributor_portrait_is_chosen_from_the_dialog(desk, live_server):
    portrait = factories.make_image(title="Portrait: initials SW", alt_text="The initials SW on a blue disc")
    contributor = factories.make_contributor(name="Sample Writer", slug="sample-writer")
    page = desk(factories.make_editor("editor"))
    page.goto(f"{live_server.url}/admin/editorial/contributor/{contributor.pk}/change/")

    page.get_by_role("button", name="Choose from the library").click()
    page.get_by_role("dialog").get_by_role("button", name="Choose “Portrait: initials SW”").click()
    page.locator("input[name=_continue]").click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully", timeout=SLOW)
    contributor.refresh_from_db()
    assert contributor.photo == portrait
