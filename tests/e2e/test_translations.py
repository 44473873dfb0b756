"""The Spanish edition in a browser: the demo's Spanish article and an out-of-date translation, checked by axe."""

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, assert_no_axe_violations

pytestmark = pytest.mark.browser

# Where the screenshots for the lead's note go (docs: the note shows the Spanish pages from screenshots).
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/work/notes/shots"))


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_spanish_article_and_an_out_of_date_translation_have_no_accessibility_violations(
    live_server, demo_content, page, viewport
):
    page.set_viewport_size(viewport)
    page.goto(live_server.url + "/es/articles/para-que-se-usa-la-naltrexona/")

    assert page.get_by_role("heading", level=1).inner_text() == "¿Para qué se usa la naltrexona?"
    byline = page.locator(".byline .reviewed")
    assert "Revisado médicamente" in byline.inner_text()
    assert "Sample Revisora" in byline.inner_text()
    assert page.locator(".translation-notice").count() == 0
    assert_no_axe_violations(page)
    assert page.console_errors == []
    shot_name = "phone" if viewport == PHONE else "desktop"
    if SHOTS.is_dir():
        page.locator(".page-header").screenshot(path=str(SHOTS / f"translations-es-article-byline-{shot_name}.png"))

    page.goto(live_server.url + "/es/conditions/fibromialgia/")
    notice = page.locator(".translation-notice")
    assert "Esta traducción fue revisada el" in notice.inner_text()
    assert "la versión en inglés se actualizó el" in notice.inner_text()
    assert notice.get_by_role("link").get_attribute("href") == "/conditions/fibromyalgia/"
    assert_no_axe_violations(page)
    if SHOTS.is_dir():
        page.locator(".page-header").screenshot(path=str(SHOTS / f"translations-es-out-of-date-{shot_name}.png"))


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_translating_in_the_admin_has_no_accessibility_violations(desk, live_server, viewport):
    from playwright.sync_api import expect

    from articles.models import Article
    from editorial import workflow
    from tests import factories
    from tests.e2e.test_editorial_admin import SLOW, change_url, open_change_page

    english = factories.make_live_article(title="Naltrexone uses", slug="naltrexone-uses", summary="First version.")
    page = desk(factories.make_writer("translator"))
    page.set_viewport_size(viewport)

    open_change_page(page, live_server, english)
    page.get_by_role("button", name="Translate into Español").click()
    expect(page.get_by_role("heading", name="Translation into Español")).to_be_visible(timeout=SLOW)
    expect(page.locator(".translation-source")).to_contain_text("First version.")
    expect(page.locator(".ck-editor__editable")).to_be_visible(timeout=SLOW)
    assert_no_axe_violations(page)

    translation = Article.objects.get(translation_of=english)
    factories.publish(translation, reviewer=factories.make_reviewer(languages="es"))
    english.apply_draft()
    english.summary = "Second version."
    workflow.save_draft(english, user=factories.make_writer())
    factories.publish(english)
    page.goto(f"{change_url(live_server, translation).removesuffix('change/')}follow-source/")
    expect(page.locator(".diff")).to_contain_text("Second version.")
    assert_no_axe_violations(page)
