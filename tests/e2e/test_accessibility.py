"""Every public page type passes axe (WCAG 2.2 A/AA) at phone and desktop widths; keyboard reaches everything."""

import pytest

from articles.models import Article, Topic
from conditions.models import Condition
from editorial.models import Contributor
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.e2e.urls_media")]

# Number every stop the keyboard should reach, in document order, skipping what is hidden or out of the tab order.
# A radio group is one stop (arrow keys move inside it), so all its buttons share a number.
MARK_FOCUSABLE = """() => {
  const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea, [tabindex]';
  const all = [...document.querySelectorAll(selector)].filter(el =>
    el.tabIndex >= 0 && !el.closest('[aria-hidden="true"], [inert]') && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden');
  const groups = {};
  let stops = 0;
  for (const el of all) {
    const group = el.type === 'radio' ? el.form?.id + ':' + el.name : null;
    if (group && group in groups) { el.dataset.tabCheck = groups[group]; continue; }
    el.dataset.tabCheck = String(stops);
    if (group) groups[group] = String(stops);
    stops += 1;
  }
  return stops;
}"""
FOCUS_STATE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    index: el.dataset.tabCheck ?? null,
    label: (el.innerText || el.value || el.name || el.tagName).trim().slice(0, 40),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
  };
}"""


@pytest.fixture
def demo_site(live_server, demo_content):
    """Load the demo content, plus an article whose citation markers link to its sources."""
    factories.make_live_article(
        slug="cited-article",
        title="How low-dose naltrexone is studied",
        body="<p>About 60% of people in two small studies reported less pain [1], and quality of life improved [2].</p>",
        sources=[
            {"title": "Low-dose naltrexone in fibromyalgia", "publisher": "National Institutes of Health"},
            {"title": "LDN and quality of life in multiple sclerosis", "publisher": "UCSF", "year": 2010},
        ],
    )
    return live_server


def page_types(live_server) -> dict[str, str]:
    article = Article.objects.live().get(slug="what-is-naltrexone-used-for")
    return {
        "home": "/",
        "article list": "/articles/",
        "article": article.get_absolute_url(),
        "article with citations": "/articles/cited-article/",
        "topic": Topic.objects.filter(articles__in=Article.objects.live()).first().get_absolute_url(),
        "condition index": "/conditions/",
        "condition": Condition.objects.live().first().get_absolute_url(),
        "contributor": Contributor.objects.filter(is_medical_reviewer=True).first().get_absolute_url(),
        "search results": "/search/?q=naltrexone",
        "zero results": "/search/?q=zzqx+nothing+here",
        "contact form": "/contact/",
        "contact thanks": "/contact/thanks/",
        "404": "/no-such-page/",
        "editorial policy": "/editorial-policy/",
        "about": "/about/",
        "privacy": "/privacy/",
        "contact details": "/contact-details/",
        "corrections log": "/corrections/",
        "read API reference": "/api/v1/",
    }


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_public_page_type_has_no_axe_violations(demo_site, page, viewport):
    page.set_viewport_size(viewport)
    failures = {}
    for name, path in page_types(demo_site).items():
        page.goto(demo_site.url + path)
        try:
            assert_no_axe_violations(page)
        except AssertionError as error:
            failures[name] = str(error)
        # Reflow (WCAG 1.4.10): the text wraps to the screen, never a sideways scroll.
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            failures[name] = f"{width} px wide on a {viewport['width']} px screen"
    assert failures == {}
    # The 404 page's own status is logged as a console error; anything else (a CSP report, say) is a failure.
    assert [error for error in page.console_errors if "status of 404" not in error] == []


@pytest.mark.parametrize("page_type", ["article with citations", "search results", "contact form"])
def test_keyboard_reaches_every_link_and_control_with_a_visible_focus_outline(demo_site, page, page_type):
    page.set_viewport_size(DESKTOP)
    page.goto(demo_site.url + page_types(demo_site)[page_type])
    expected = page.evaluate(MARK_FOCUSABLE)

    reached, invisible = [], []
    for _ in range(expected + 5):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state["index"] is None:
            continue
        if state["index"] in reached:
            break
        reached.append(state["index"])
        if not state["outline"]:
            invisible.append(state["label"])

    assert reached[0] == "0", "the skip link should be the first stop"
    assert sorted(reached, key=int) == [str(i) for i in range(expected)]
    assert reached == sorted(reached, key=int), "focus order should follow the reading order"
    assert invisible == []


def test_skip_link_appears_on_focus_and_moves_to_the_main_content(demo_site, page):
    page.goto(demo_site.url + "/articles/what-is-naltrexone-used-for/")
    skip = page.get_by_role("link", name="Skip to main content")

    page.keyboard.press("Tab")

    assert skip.is_visible()
    assert skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
