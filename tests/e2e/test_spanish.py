"""The Spanish interface in a real browser: axe finds nothing, the phone header keeps its height, the form answers."""

import pytest

from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.e2e.urls_media")]

PAGES = {"home": "/es/", "contact form": "/es/contact/", "search results": "/es/search/?q=fibromialgia"}


@pytest.fixture
def spanish_site(live_server, demo_content):
    """The demo site (its Spanish article and fibromyalgia page among them) plus one more Spanish article."""
    factories.make_live_article(
        slug="naltrexona-en-dosis-bajas",
        title="Naltrexona en dosis bajas: qué dice la evidencia",
        summary="La naltrexona en dosis bajas se estudia para el dolor crónico.",
        language="es",
    )
    return live_server


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_spanish_pages_have_no_axe_violations_and_fit_the_screen(spanish_site, page, viewport, tmp_path):
    page.set_viewport_size(viewport)
    failures = {}
    for name, path in PAGES.items():
        page.goto(spanish_site.url + path)
        assert page.locator("html").get_attribute("lang") == "es"
        try:
            assert_no_axe_violations(page)
        except AssertionError as error:
            failures[name] = str(error)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            failures[name] = f"{width} px wide on a {viewport['width']} px screen"
        page.screenshot(path=tmp_path / f"es-{name.replace(' ', '-')}-{viewport['width']}.png", full_page=True)
    assert failures == {}
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["/es/", "/es/contact/", "/"])
def test_phone_header_keeps_its_height_with_the_language_switcher(spanish_site, page, path):
    page.goto(spanish_site.url + path)

    header = page.locator(".site-header").bounding_box()
    assert header["y"] + header["height"] <= 0.15 * PHONE["height"]
    assert page.locator(".language-switcher").is_visible()
    for link in ('.crisis-bar a[href="tel:988"]', '.crisis-bar a[href="tel:911"]', '.header-phone a[href^="tel:"]'):
        assert page.locator(link).is_visible(), link


def test_a_reader_switches_to_spanish_and_sends_the_form_in_spanish(spanish_site, page):
    page.goto(spanish_site.url + "/contact/")
    page.get_by_role("link", name="Español").click()
    page.wait_for_url("**/es/contact/")

    page.get_by_role("button", name="Enviar mensaje").click()
    page.wait_for_url("**/es/contact/")
    assert page.get_by_role("heading", name="Hay problemas con su mensaje").is_visible()
    assert page.get_by_text("Escriba su nombre; basta con el nombre de pila.").first.is_visible()
