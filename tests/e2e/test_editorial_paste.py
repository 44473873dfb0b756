"""Pasting from Word and Google Docs into the body editor, with a real paste event (issue 11, item 7).

The clipboard fixtures in clipboard/ are the text/html that Word 365 (Windows) and Google Docs put on the
clipboard: Word's list paragraphs carry "·" bullets and mso-list styles, its images point at file:// paths the
browser cannot read, and Google Docs' images are hot links to googleusercontent.com.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.test_editorial_admin import SLOW, fresh, open_change_page

pytestmark = pytest.mark.browser
CLIPBOARD = Path(__file__).parent / "clipboard"
NOTE = "[Image not copied: save it from the original document and add it here with the Insert image button."


def paste(page, html: str, text: str) -> None:
    """Paste into the body editor as the browser does: a paste event whose clipboard holds HTML and text."""
    editable = page.locator(".field-body .ck-editor__editable")
    expect(editable).to_be_visible(timeout=SLOW)
    expect(page.locator("textarea#id_body[data-paste-clean=on]")).to_have_count(1, timeout=SLOW)
    editable.click()
    page.keyboard.press("Control+End")
    editable.evaluate(
        """(element, [html, text]) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", text);
            element.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        [html, text],
    )


def pasted_page(desk, live_server):
    """Open a draft's change page as its writer; record any address the page fails to load."""
    writer = factories.make_writer("writer")
    article = factories.make_article(user=writer, body="<p>Intro.</p>")
    page = desk(writer)
    open_change_page(page, live_server, article)
    return page, article


def save(page):
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully", timeout=SLOW)


def test_pasting_from_word_keeps_bullets_and_numbers_as_lists_and_notes_the_image_it_cannot_copy(desk, live_server):
    page, article = pasted_page(desk, live_server)

    paste(page, (CLIPBOARD / "word_list_and_image.html").read_text(), "Before starting low-dose naltrexone:")

    editable = page.locator(".field-body .ck-editor__editable")
    expect(editable.locator("ul > li")).to_have_text(
        ["Tell your doctor about any opioid use", "Ask a pharmacist how the dose is compounded", "Keep a symptom diary"]
    )
    expect(editable.locator("ol > li")).to_have_text(
        ["Start at 1.5 mg at night", "Raise the dose only as your prescriber says"]
    )
    expect(editable.locator("img")).to_have_count(0)
    expect(editable).to_contain_text(NOTE)
    expect(editable).not_to_contain_text("·")
    save(page)

    body = fresh(article).body
    assert "<ul><li>Tell your doctor about any opioid use</li>" in body
    assert "<ol><li>Start at 1.5 mg at night</li><li>Raise the dose only as your prescriber says</li></ol>" in body
    assert "(Dosing chart)]" in body
    assert "<img" not in body and "·" not in body and "mso-" not in body
    assert page.console_errors == []


def test_pasting_from_google_docs_keeps_lists_and_notes_the_hot_linked_image(desk, live_server):
    page, article = pasted_page(desk, live_server)

    paste(page, (CLIPBOARD / "google_docs_list_and_image.html").read_text(), "Signs of a Crohn's flare:")

    editable = page.locator(".field-body .ck-editor__editable")
    expect(editable.locator("ul > li")).to_have_text(["Belly pain and cramping", "Diarrhoea more than usual"])
    expect(editable.locator("ol > li")).to_have_text(
        ["Call your gastroenterologist", "Drink water and oral rehydration salts"]
    )
    expect(editable.locator("img")).to_have_count(0)
    expect(editable).to_contain_text(NOTE)
    save(page)

    body = fresh(article).body
    assert "<ul><li>Belly pain and cramping</li><li>Diarrhoea more than usual</li></ul>" in body
    assert "googleusercontent" not in body and "<b>" not in body
    assert page.console_errors == []


def test_the_admin_editor_allowance_stays_off_the_public_pages(client, live_server):
    article = factories.make_live_article()
    factories.login_staff(client, factories.make_writer())

    admin_policy = client.get(f"/admin/articles/article/{article.pk}/change/").headers["Content-Security-Policy"]
    public_policy = client.get(article.get_absolute_url()).headers["Content-Security-Policy"]

    admin_directives = dict(directive.strip().split(" ", 1) for directive in admin_policy.split(";"))
    public_directives = dict(directive.strip().split(" ", 1) for directive in public_policy.split(";"))
    assert admin_directives["connect-src"] == "'self' data: blob:"
    assert admin_directives["style-src-attr"] == "'unsafe-inline'"
    assert admin_directives["script-src"] == admin_directives["style-src"] == "'self'"
    assert (
        public_directives["connect-src"]
        == public_directives["script-src"]
        == public_directives["style-src"]
        == "'self'"
    )
    assert "style-src-attr" not in public_directives


# A 1x1 PNG, as Word's RTF images and screenshots arrive: inline data the editor can upload itself.
PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"


def test_a_pasted_image_the_editor_can_upload_is_uploaded_and_kept(desk, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page, article = pasted_page(desk, live_server)

    paste(page, f'<p>Chart:</p><p><img src="data:image/png;base64,{PIXEL}" alt="Dose chart"></p>', "Chart:")

    editable = page.locator(".field-body .ck-editor__editable")
    expect(editable.locator("img[src^='/media/']")).to_have_count(1, timeout=SLOW)
    save(page)
    body = fresh(article).body
    assert '<img src="/media/' in body and 'alt="Dose chart"' in body
    assert "Image not copied" not in body
    assert page.console_errors == []


# Issue 25, item 6: nested lists from Word for Windows, Word for Mac (whose markers are not marked
# mso-list:Ignore and whose copy may carry no @list definitions) and Google Docs (nested lists beside items).
BULLETED_NESTED = (
    "<ul><li>{a}<ul><li>{b}<ul><li>{c}</li></ul></li></ul></li><li>{d}</li></ul>"
)  # fmt: skip
NUMBERED_NESTED = "<ol><li>{a}<ol><li>{b}</li></ol></li><li>{c}</li></ol>"
NESTED_SAMPLES = {
    "word_windows_nested_lists.html": (
        BULLETED_NESTED.format(
            a="Tell your doctor about any opioid use",
            b="Including codeine cough syrup",
            c="Even a single dose",
            d="Keep a symptom diary",
        ),
        NUMBERED_NESTED.format(
            a="Start at 1.5 mg at night",
            b="Take it at the same time each night",
            c="Raise the dose only as your prescriber says",
        ),
    ),
    "word_mac_nested_lists.html": (
        BULLETED_NESTED.format(
            a="Belly pain and cramping",
            b="Often after meals",
            c="Write down what you ate",
            d="Diarrhoea more than usual",
        ),
        NUMBERED_NESTED.format(
            a="Call your gastroenterologist",
            b="Out of hours, the helpline",
            c="Drink water and oral rehydration salts",
        ),
    ),
}
NESTED_SAMPLES["google_docs_nested_lists.html"] = NESTED_SAMPLES["word_mac_nested_lists.html"]


@pytest.mark.parametrize("sample", sorted(NESTED_SAMPLES))
def test_pasted_nested_lists_keep_their_levels_with_no_marker_glyphs_or_no_break_spaces(desk, live_server, sample):
    bulleted, numbered = NESTED_SAMPLES[sample]
    page, article = pasted_page(desk, live_server)

    paste(page, (CLIPBOARD / sample).read_text(), "Pasted list")

    editable = page.locator(".field-body .ck-editor__editable")
    expect(editable.locator("ul ul ul > li")).to_have_count(1, timeout=SLOW)
    expect(editable.locator("ol ol > li")).to_have_count(1)
    in_editor = page.evaluate("() => window.editors['id_body'].getData()")  # cleaned before the server's turn
    for residue in ("\u00b7", "\u00a7", "&nbsp;", "\u00a0", "<li>o"):
        assert residue not in in_editor, residue
    save(page)

    body = fresh(article).body
    assert bulleted in body
    assert numbered in body
    for residue in ("\u00b7", "\u2022", "\u00a7", "&nbsp;", "\u00a0", "mso", "<li>o", "<p></p>", "style=", "class="):
        assert residue not in body, residue
    assert page.console_errors == []
