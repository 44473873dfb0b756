"""Site search in Spanish at /es/search/: Spanish stemming, accents ignored, typos forgiven, one language at a time."""

import os

import pytest
from django.db import connection

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgres():
    """Run only on PostgreSQL; with REQUIRE_POSTGRES=1 (CI) anything else is a failure, not a skip."""
    if connection.vendor != "postgresql":
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("REQUIRE_POSTGRES=1 but the tests are not running on PostgreSQL.")
        pytest.skip("Spanish full-text search (spanish_unaccent) is measured on PostgreSQL (set DATABASE_URL).")


@pytest.fixture
def sqlite():
    if connection.vendor == "postgresql":
        pytest.skip("The plain-word search runs where PostgreSQL full-text search is not available.")


@pytest.fixture
def corpus():
    """Spanish pages written as the facts file names things, beside the English pages on the same subjects."""
    factories.make_live_article(
        slug="naltrexona-en-dosis-bajas",
        title="Naltrexona en dosis bajas: qué dice la evidencia",
        summary="La naltrexona en dosis bajas (LDN) se estudia para el dolor crónico.",
        body="<p>Los estudios de la naltrexona en dosis bajas son pequeños.</p>",
        language="es",
    )
    factories.make_live_condition(
        slug="fibromialgia",
        name="Fibromialgia",
        summary="Dolor generalizado, cansancio y problemas de sueño.",
        body="<p>La fibromialgia causa dolores en todo el cuerpo.</p>",
        language="es",
    )
    factories.make_live_condition(
        slug="artritis-reumatoide",
        name="Artritis reumatoide",
        summary="Una enfermedad autoinmune que inflama las articulaciones.",
        body="<p>Las articulaciones de las manos se inflaman. Cada articulación duele.</p>",
        language="es",
    )
    factories.make_live_condition(
        slug="esclerosis-multiple",
        name="Esclerosis múltiple",
        summary="Una enfermedad del sistema nervioso central.",
        body="<p>La esclerosis múltiple afecta la mielina.</p>",
        language="es",
    )
    factories.make_live_article(
        slug="low-dose-naltrexone",
        title="Low-dose naltrexone: what the evidence says",
        summary="Low-dose naltrexone (LDN) is studied for chronic pain.",
        body="<p>Studies of naltrexone at low doses are small.</p>",
    )
    factories.make_live_condition(
        slug="fibromyalgia",
        name="Fibromyalgia",
        summary="Widespread pain, tiredness and poor sleep.",
        body="<p>Fibromyalgia causes pain all over the body.</p>",
    )


def found(client, query: str, path: str = "/es/search/") -> list[str]:
    """Return the slugs the search page lists for the query, in order."""
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    return [hit.slug for hit in response.context["page_obj"].object_list]


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("naltrexona", "naltrexona-en-dosis-bajas"),
        ("fibromialgia", "fibromialgia"),
        ("artritis reumatoide", "artritis-reumatoide"),
        ("esclerosis multiple", "esclerosis-multiple"),  # typed without the accent
        ("ESCLEROSIS MÚLTIPLE", "esclerosis-multiple"),
        ("dolor", "fibromialgia"),  # "dolores" in the text: Spanish stemming
        ("articulación", "artritis-reumatoide"),  # "articulaciones": the Spanish stemmer
        ("articulacion", "artritis-reumatoide"),  # "articulación" in the text, typed without its accent
        ("ldn", "naltrexona-en-dosis-bajas"),
    ],
)
def test_spanish_search_finds_the_right_page_first(postgres, corpus, client, query, first):
    slugs = found(client, query)

    assert slugs[0] == first
    assert not {"low-dose-naltrexone", "fibromyalgia"} & set(slugs)


@pytest.mark.postgres
def test_a_spanish_typo_finds_the_page_by_its_name(postgres, corpus, client):
    response = client.get("/es/search/", {"q": "fibromialgya"})

    assert [hit.slug for hit in response.context["page_obj"].object_list] == ["fibromialgia"]
    assert "Nada coincidió exactamente" in response.content.decode()


@pytest.mark.postgres
def test_spanish_snippets_highlight_the_matched_words(postgres, corpus, client):
    html = client.get("/es/search/", {"q": "esclerosis multiple"}).content.decode()

    assert "<mark>esclerosis</mark> <mark>múltiple</mark>" in html.lower()


@pytest.mark.postgres
def test_english_search_keeps_to_english_pages(postgres, corpus, client):
    assert found(client, "naltrexone", "/search/") == ["low-dose-naltrexone"]
    # An English reader's "naltrexona" is a typo of the English page's name, never the Spanish page.
    assert found(client, "naltrexona", "/search/") == ["low-dose-naltrexone"]


@pytest.mark.postgres
def test_spanish_pages_store_a_spanish_unaccented_search_document(postgres, corpus):
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_document::text FROM conditions_condition WHERE slug = 'esclerosis-multiple'")
        (document,) = cursor.fetchone()

    assert "'multipl'" in document and "'esclerosis'" in document


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("naltrexona", "naltrexona-en-dosis-bajas"),
        ("fibromialgia", "fibromialgia"),
        ("artritis reumatoide", "artritis-reumatoide"),
        ("esclerosis multiple", "esclerosis-multiple"),  # accents folded in the pattern
        ("Esclerosis Múltiple", "esclerosis-multiple"),
    ],
)
def test_plain_word_search_finds_spanish_pages_without_accents(sqlite, corpus, client, query, first):
    slugs = found(client, query)

    assert slugs[0] == first
    assert not {"low-dose-naltrexone", "fibromyalgia"} & set(slugs)


def test_plain_word_and_full_text_search_keep_each_language_apart(corpus, client):
    assert "naltrexona-en-dosis-bajas" not in found(client, "naltrexone", "/search/")
    assert "low-dose-naltrexone" not in found(client, "naltrexone")


def test_spanish_results_page_speaks_spanish(corpus, client):
    html = client.get("/es/search/", {"q": "fibromialgia"}).content.decode()

    assert "<h1>Resultados de búsqueda</h1>" in html
    assert "1 página encontrada para «fibromialgia»." in html
    assert ">Afección</p>" in html


def test_spanish_zero_results_page_speaks_spanish(corpus, client):
    html = client.get("/es/search/", {"q": "zzzz"}).content.decode()

    assert "Ninguna página coincide con «zzzz»" in html
    assert "Revise la ortografía" in html
