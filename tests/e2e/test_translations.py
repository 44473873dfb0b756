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
    live_server, demo_content, spanish_catalogue, page, viewport
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
