"""The interface in Spanish under /es/, English unchanged at its addresses (docs/architecture.md, "Languages")."""

import datetime
import re

import pytest
from django.utils import timezone

from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def switcher_links(html: str) -> list[str]:
    """Return the language switcher's links as written, in order ([] when the page offers none)."""
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)
    return re.findall(r"<a [^>]*>", nav.group(0)) if nav else []


def test_spanish_home_page_speaks_spanish_and_says_so(client):
    html = client.get("/es/").content.decode()

    assert html_lang(html) == "es"
    assert "La recuperación empieza con buena información y alguien con quien hablar" in html
    assert ">Artículos</a>" in html and ">Afecciones</a>" in html and ">Contacto</a>" in html
    assert "Ir al contenido principal" in html
    assert "Aviso médico" in html
    assert 'href="/es/contact/"' in html  # the site's own links stay in Spanish
    assert "Recovery starts with good information" not in html


def test_spanish_crisis_bar_and_help_panel_give_988_press_2_ayuda_and_911(client):
    html = client.get("/es/").content.decode()
    bar = re.search(r'<aside class="crisis-bar".*?</aside>', html, re.S).group(0)
    panel = re.search(r'<section class="help-panel".*?</section>', html, re.S).group(0)

    assert 'aria-label="Ayuda en crisis"' in bar
    assert "¿En crisis? Llame o envíe un mensaje de texto" in bar and 'href="tel:988"' in bar
    assert "marque 2" in bar and "AYUDA" in bar
    assert "En una emergencia, llame al" in bar and 'href="tel:911"' in bar
    assert "Hay ayuda disponible ahora" in panel
    assert "marque 2 para español" in panel and "AYUDA" in panel
    assert "1-800-662-4357" in panel and "en inglés y en español" in panel
    assert 'href="tel:911"' in panel


def test_english_pages_keep_their_english_crisis_bar_and_interface(client):
    html = client.get("/").content.decode()
    bar = re.search(r'<aside class="crisis-bar".*?</aside>', html, re.S).group(0)

    assert html_lang(html) == "en"
    assert 'aria-label="Crisis support"' in bar
    assert "In crisis? Call or text" in bar and "(Suicide &amp; Crisis Lifeline)" in bar
    assert "marque" not in html and "AYUDA" not in html
    assert "Recovery starts with good information and someone to talk to" in html
    assert "Help is available now" in html


def test_lists_show_only_the_pages_in_the_address_language(client):
    factories.make_live_article(title="Naltrexone basics", slug="naltrexone-basics")
    factories.make_live_article(title="Naltrexona: lo básico", slug="naltrexona-lo-basico", language="es")
    factories.make_live_condition(name="Fibromyalgia", slug="fibromyalgia")
    factories.make_live_condition(name="Fibromialgia", slug="fibromialgia", language="es")

    spanish_articles = client.get("/es/articles/").content.decode()
    english_articles = client.get("/articles/").content.decode()
    spanish_conditions = client.get("/es/conditions/").content.decode()
    spanish_home = client.get("/es/").content.decode()

    assert "Naltrexona: lo básico" in spanish_articles and "Naltrexone basics" not in spanish_articles
    assert "Naltrexone basics" in english_articles and "Naltrexona: lo básico" not in english_articles
    assert "Fibromialgia" in spanish_conditions and "Fibromyalgia" not in spanish_conditions
    assert "Naltrexona: lo básico" in spanish_home and "Naltrexone basics" not in spanish_home
    assert "<h1>Afecciones de la A a la Z</h1>" in spanish_conditions


def test_spanish_dates_are_written_the_spanish_way(client):
    article = factories.make_live_article(title="Naltrexona: lo básico", language="es")
    when = timezone.make_aware(datetime.datetime(2026, 3, 15, 12, 0))
    factories.set_stored(Article.objects.filter(pk=article.pk), last_published_at=when, first_published_at=when)

    spanish = client.get("/es/articles/").content.decode()

    assert 'Actualizado el <time datetime="2026-03-15">15 de marzo de 2026</time>' in spanish


def test_english_dates_keep_the_house_style(client):
    article = factories.make_live_article(title="Naltrexone basics")
    when = timezone.make_aware(datetime.datetime(2026, 3, 15, 12, 0))
    factories.set_stored(Article.objects.filter(pk=article.pk), last_published_at=when, first_published_at=when)

    assert 'Updated <time datetime="2026-03-15">March 15, 2026</time>' in client.get("/articles/").content.decode()


@pytest.mark.parametrize(
    ("path", "english", "spanish"),
    [
        ("/", "/", "/es/"),
        ("/articles/", "/articles/", "/es/articles/"),
        ("/es/conditions/", "/conditions/", "/es/conditions/"),
        ("/es/contact/", "/contact/", "/es/contact/"),
        ("/corrections/", "/corrections/", "/es/corrections/"),
    ],
)
def test_pages_every_language_has_offer_the_other_language(client, path, english, spanish):
    links = switcher_links(client.get(path).content.decode())

    current = "es" if path.startswith("/es/") else "en"
    assert len(links) == 2
    for code, url in (("en", english), ("es", spanish)):
        (link,) = [link for link in links if f'hreflang="{code}"' in link]
        assert f'href="{url}"' in link and f'lang="{code}"' in link
        assert ('aria-current="page"' in link) == (code == current)


def test_switching_language_on_a_search_keeps_the_query(client):
    links = switcher_links(client.get("/es/search/", {"q": "dolor crónico"}).content.decode())

    assert any('href="/search/?q=dolor+cr%C3%B3nico"' in link for link in links)


def test_a_content_page_without_a_translation_offers_no_switch(client):
    article = factories.make_live_article(title="Naltrexone basics", slug="naltrexone-basics")

    html = client.get(article.get_absolute_url()).content.decode()

    assert switcher_links(html) == []
    assert "/es/articles/naltrexone-basics/" not in html


def test_spanish_not_found_page_is_in_spanish(client):
    response = client.get("/es/no-such-page/")
    html = response.content.decode()

    assert response.status_code == 404
    assert html_lang(html) == "es"
    assert "No encontramos esa página" in html


def test_a_refused_spanish_address_gets_the_spanish_400_page(client):
    response = client.get("/es/search/%01/")
    html = response.content.decode()

    assert response.status_code == 400
    assert html_lang(html) == "es"
    assert "No pudimos entender esta dirección" in html and "marque 2" in html


def test_the_english_400_page_stays_english_after_a_spanish_request(client):
    client.get("/es/")
    html = client.get("/search/%01/").content.decode()

    assert html_lang(html) == "en"
    assert "This address could not be understood" in html


def test_english_crisis_blocks_never_stand_in_on_spanish_pages(client):
    strip = factories.make_block(
        kind="header_strip", heading="", body="<p>Crisis? Call or text 988. Emergency: 911.</p>"
    )
    panel = factories.make_block(kind="help_panel", heading="Get help now", body="<p>Call or text 988; 911.</p>")
    factories.publish(strip, reviewer=factories.make_editor())  # an editor's call, not medical text
    factories.publish(panel)

    english = client.get("/").content.decode()
    spanish = client.get("/es/").content.decode()

    assert "Crisis? Call or text 988. Emergency: 911." in english and "Get help now" in english
    assert "Crisis? Call or text 988" not in spanish and "Get help now" not in spanish
    assert "marque 2" in spanish and "Hay ayuda disponible ahora" in spanish


def test_an_english_block_shown_on_a_spanish_page_is_marked_as_english(client):
    factories.publish(
        factories.make_block(kind="disclaimer", heading="Medical disclaimer", body="<p>General info.</p>")
    )

    spanish = client.get("/es/").content.decode()
    english = client.get("/").content.decode()

    assert '<section class="disclaimer" aria-labelledby="disclaimer-heading" lang="en">' in spanish
    assert '<section class="disclaimer" aria-labelledby="disclaimer-heading">' in english
