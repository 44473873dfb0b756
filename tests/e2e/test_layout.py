"""The reading layout in a real browser: two columns on desktop, table of contents, phone header, images."""

import pytest

from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.e2e.urls_media")]

ARTICLE = "/articles/what-is-naltrexone-used-for/"
CONDITION = "/conditions/fibromyalgia/"
PAGES = {
    "article": ARTICLE,
    "condition": CONDITION,
    "home": "/",
    "article list": "/articles/",
    "conditions": "/conditions/",
}


@pytest.fixture
def demo_site(live_server, demo_content):
    return live_server


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("path", [ARTICLE, CONDITION], ids=["article", "condition"])
def test_desktop_shows_a_wide_text_column_beside_a_visible_side_panel_with_the_call_to_action(demo_site, page, path):
    page.set_viewport_size(DESKTOP)
    page.goto(demo_site.url + path)

    content, side, cta = box(page, ".content-page"), box(page, ".side-panel"), box(page, ".side-panel .cta")
    assert content["width"] >= 640
    assert page.locator(".side-panel").is_visible() and page.locator(".toc-side").is_visible()
    assert side["x"] >= content["x"] + content["width"]  # beside the text, not below it
    assert side["y"] < 400
    assert cta["y"] + cta["height"] <= DESKTOP["height"]  # the call to action is on the first screen
    assert not page.locator(".toc-inline").is_visible()


def test_desktop_table_of_contents_stays_in_view_while_reading(demo_site, page):
    page.set_viewport_size(DESKTOP)
    page.goto(demo_site.url + ARTICLE)

    page.locator("#sources").scroll_into_view_if_needed()
    page.mouse.wheel(0, -200)
    page.wait_for_timeout(100)

    toc = page.locator(".toc-side").bounding_box()
    assert 0 <= toc["y"] < DESKTOP["height"] / 2


def headings_reached(page, toc_selector: str, open_first: str | None = None) -> list[tuple[str, float]]:
    """Follow each table-of-contents link in turn; return (target, its top edge in the viewport)."""
    targets = page.locator(f"{toc_selector} a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    reached = []
    for target in targets:
        page.goto(page.url.split("#")[0])
        if open_first:
            page.locator(open_first).click()
        page.locator(f'{toc_selector} a[href="{target}"]').click()
        page.wait_for_function("target => location.hash === target", arg=target)
        reached.append((target, page.locator(target).bounding_box()["y"]))
    return reached


@pytest.mark.parametrize(
    "viewport,toc,opener",
    [(DESKTOP, ".toc-side", None), (PHONE, ".toc-inline", ".toc-inline summary")],
    ids=["desktop", "phone"],
)
def test_each_table_of_contents_link_brings_its_heading_to_the_top_of_the_screen(
    demo_site, page, viewport, toc, opener
):
    page.set_viewport_size(viewport)
    page.goto(demo_site.url + ARTICLE)

    reached = headings_reached(page, toc, opener)

    assert [target for target, _ in reached] == [
        "#how-naltrexone-works",
        "#forms-of-naltrexone",
        "#is-naltrexone-safe-and-can-it-be-misused",
        "#low-dose-naltrexone-ldn",
        "#how-ldn-is-taken-for-multiple-sclerosis",
        "#talk-to-your-prescriber",
        "#sources",
    ]
    assert all(0 <= top <= 40 for _, top in reached), reached


def test_phone_table_of_contents_is_a_closed_disclosure_near_the_top(demo_site, page):
    page.goto(demo_site.url + ARTICLE)

    summary = page.locator(".toc-inline summary")
    assert summary.is_visible() and summary.bounding_box()["y"] < PHONE["height"]
    assert page.locator(".toc-inline").get_attribute("open") is None
    assert not page.locator(".toc-side").is_visible()
    summary.click()
    assert page.locator('.toc-inline a[href="#how-naltrexone-works"]').is_visible()


@pytest.mark.parametrize("name", list(PAGES))
def test_phone_header_takes_at_most_15_percent_of_the_screen_with_admissions_and_crisis_lines_a_tap_away(
    demo_site, page, name
):
    page.goto(demo_site.url + PAGES[name])

    header_bottom = box(page, ".site-header")["y"] + box(page, ".site-header")["height"]
    assert header_bottom <= 0.15 * PHONE["height"]
    for link in ('.crisis-bar a[href="tel:988"]', '.crisis-bar a[href="tel:911"]', '.header-phone a[href^="tel:"]'):
        target = page.locator(link)
        assert target.is_visible(), link
        assert target.bounding_box()["y"] + target.bounding_box()["height"] <= header_bottom
    assert page.locator('.site-header a[href="/search/"]').is_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_picture_has_a_description_a_size_and_a_srcset_and_loads(demo_site, page, viewport, name):
    page.set_viewport_size(viewport)
    page.goto(demo_site.url + PAGES[name])
    page.wait_for_load_state("networkidle")

    images = page.locator("main img").evaluate_all(
        """imgs => imgs.map(img => ({alt: img.getAttribute('alt'), srcset: img.getAttribute('srcset'),
            width: img.getAttribute('width'), height: img.getAttribute('height'),
            loaded: img.complete && img.naturalWidth > 0, lazy: img.loading === 'lazy'}))"""
    )

    assert images, "the demo pages all show pictures"
    for image in images:
        assert image["alt"] and image["alt"].strip(), image
        assert image["srcset"] and image["width"] and image["height"], image
        assert image["loaded"] or image["lazy"], image


def test_home_desktop_puts_the_introduction_beside_the_featured_article(demo_site, page):
    page.set_viewport_size(DESKTOP)
    page.goto(demo_site.url + "/")

    intro, featured = box(page, ".hero-intro"), box(page, ".featured")
    assert featured["x"] >= intro["x"] + intro["width"]
    assert abs(featured["y"] - intro["y"]) < 40
    cards = page.locator(".condition-cards .card").evaluate_all(
        "cards => cards.map(c => c.getBoundingClientRect().top)"
    )
    assert len(cards) == 4 and len({round(top) for top in cards}) == 1  # the four conditions in one row


def test_conditions_a_to_z_puts_letters_side_by_side_on_desktop_and_stacks_them_on_a_phone(demo_site, page):
    page.set_viewport_size(DESKTOP)
    page.goto(demo_site.url + "/conditions/")
    tops = page.locator(".letter-group h2").evaluate_all("hs => hs.map(h => h.getBoundingClientRect().top)")
    assert len(tops) == 4 and len({round(top) for top in tops}) == 1  # C, F, M and R in one row

    page.set_viewport_size(PHONE)
    tops = page.locator(".letter-group h2").evaluate_all("hs => hs.map(h => h.getBoundingClientRect().top)")
    assert tops == sorted(tops) and len({round(top) for top in tops}) == 4  # one under the other, in order
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
