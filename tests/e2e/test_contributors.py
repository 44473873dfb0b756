"""Contributor pages, the bylines that link to them and the contributor admin pass axe at phone and desktop widths."""

from pathlib import Path

import pytest

from articles.models import Article
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.e2e.urls_media")]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_contributor_page_and_article_byline_have_no_axe_violations(live_server, demo_content, page, viewport):
    reviewer = Article.objects.live().get().live_reviewed_by  # the English article's reviewer
    article = Article.objects.live().get()
    page.set_viewport_size(viewport)
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(live_server.url + reviewer.get_absolute_url())
    assert_no_axe_violations(page)
    portrait = page.locator(".profile-portrait img")
    assert portrait.get_attribute("alt") == reviewer.photo.alt_text
    # Loaded from a rendition (not a broken or missing file), shown at its 160 px size.
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", portrait.element_handle())
    assert portrait.bounding_box()["width"] == 160
    assert page.locator(".profile-portrait figcaption").inner_text().startswith("Illustration:")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]  # no sideways scroll
    page.screenshot(path=SHOTS / f"contributor-{viewport['width']}.png", full_page=True)

    page.goto(live_server.url + article.get_absolute_url())
    assert_no_axe_violations(page)
    avatars = page.locator(".byline .avatar")
    assert avatars.count() == 2
    for index in range(2):
        assert page.evaluate("img => img.complete && img.naturalWidth > 0", avatars.nth(index).element_handle())
    page.locator(".byline").screenshot(path=SHOTS / f"byline-{viewport['width']}.png")
    assert page.console_errors == []


def test_contributor_admin_with_education_and_affiliations_has_no_axe_violations(desk, live_server):
    person = factories.make_contributor(name="Sample Person", is_writer=True, job_title="Health writer")
    person.education.create(degree="Master of Arts (MA)", institution="Sample University", year=2014)
    person.affiliations.create(kind="membership", name="Sample Association of Health Writers")
    page = desk(factories.make_editor("profile-editor"))

    for viewport in (None, PHONE):  # the desk opens at 1280 px
        if viewport:
            page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/admin/editorial/contributor/{person.pk}/change/")
        assert_no_axe_violations(page)
    assert page.get_by_label("Education degree").first.input_value() == "Master of Arts (MA)"
