"""What readers see of a translation: its own review, the /es/ addresses, alternates and the out-of-date notice."""

import json
import re

import pytest

from editorial import workflow
from pages.models import Block
from tests import factories

pytestmark = pytest.mark.django_db

SPANISH = {
    "title": "Naltrexona: usos y dosis",
    "slug": "naltrexona-usos",
    "summary": "La naltrexona ayuda a tratar el trastorno por consumo de alcohol.",
    "body": "<p>La naltrexona se toma una vez al día.</p>",
}


def live_spanish(source, **fields):
    """Translate ``source`` and take the translation live through its own review by a Spanish-reading reviewer."""
    translation = factories.translate(source, **{**SPANISH, **fields})
    return factories.publish(translation, reviewer=factories.make_reviewer(languages="en, es"))


def hreflang_links(response) -> dict[str, str]:
    html = response.content.decode()
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def json_ld(response) -> list[dict]:
    html = response.content.decode()
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.DOTALL)
    nodes = []
    for block in blocks:
        data = json.loads(block)
        nodes += data if isinstance(data, list) else data.get("@graph", [data])
    return nodes


def test_a_translation_is_invisible_until_its_own_qualified_reviewer_approves_it(client):
    english = factories.make_live_article(title="Naltrexone uses", slug="naltrexone-uses")
    translation = factories.translate(english, **SPANISH)
    writer = translation.draft_updated_by

    assert client.get("/es/articles/naltrexona-usos/").status_code == 404
    workflow.submit(translation, user=writer)
    assert client.get("/es/articles/naltrexona-usos/").status_code == 404
    workflow.approve(translation, user=factories.make_reviewer(languages="es"))
    assert client.get("/es/articles/naltrexona-usos/").status_code == 404
    workflow.publish(translation, user=factories.make_editor())

    response = client.get("/es/articles/naltrexona-usos/")
    assert response.status_code == 200
    assert "Naltrexona: usos y dosis" in response.content.decode()
    assert response["Content-Language"] == "es"


def test_a_reviewer_who_does_not_read_spanish_cannot_approve_a_translation():
    translation = factories.translate(factories.make_live_article(), **SPANISH)
    workflow.submit(translation, user=translation.draft_updated_by)

    with pytest.raises(workflow.WorkflowError, match="reads Español"):
        workflow.approve(translation, user=factories.make_reviewer(languages="en"))
    translation.refresh_from_db()
    assert translation.review_state == "in_review"


def test_the_translator_never_approves_their_own_translation():
    translator = factories.make_reviewer(languages="en, es")
    translator.groups.add(factories.staff_group(workflow.WRITERS))
    translation = factories.translate(factories.make_live_article(), user=translator, **SPANISH)
    workflow.submit(translation, user=translator)

    with pytest.raises(workflow.WorkflowError, match="another medical reviewer"):
        workflow.approve(translation, user=translator)


def test_an_english_approval_never_publishes_a_spanish_text(client):
    english = factories.make_live_article(title="Naltrexone uses", slug="naltrexone-uses")
    translation = factories.translate(english, **SPANISH)
    workflow.submit(translation, user=translation.draft_updated_by)

    english.apply_draft()
    english.summary = "A corrected summary."
    workflow.save_draft(english, user=factories.make_writer())
    factories.publish(english, reviewer=factories.make_reviewer(languages="en, es"))

    translation.refresh_from_db()
    assert translation.review_state == "in_review"
    assert translation.live_status == "none"
    assert not translation.approved_fingerprint
    assert client.get("/es/articles/naltrexona-usos/").status_code == 404


def test_publishing_a_translation_leaves_the_english_page_as_it_was(client):
    english = factories.make_live_article(
        title="Naltrexone uses", slug="naltrexone-uses", summary="The English summary."
    )
    english.apply_draft()
    english.summary = "An English draft still in review."
    workflow.save_draft(english, user=factories.make_writer())

    live_spanish(english)

    english.refresh_from_db()
    assert english.summary == "The English summary."
    assert english.review_state == "draft"
    assert "An English draft still in review." not in client.get("/articles/naltrexone-uses/").content.decode()


def test_publishing_a_translation_records_the_source_revision_it_follows():
    english = factories.make_live_article()
    translation = live_spanish(english)

    assert translation.source_revision.number == 1
    assert translation.source_revision.object_id == english.pk
    assert not translation.is_out_of_date


def test_republishing_the_source_marks_the_translation_out_of_date_and_readers_see_it(
    client, page_cache, django_capture_on_commit_callbacks
):
    english = factories.make_live_article(title="Naltrexone uses", slug="naltrexone-uses")
    live_spanish(english)
    first = client.get("/es/articles/naltrexone-uses/", follow=True)
    assert "Esta traducción" not in first.content.decode()
    assert client.get("/es/articles/naltrexona-usos/")["X-Page-Cache"] == "hit"

    english.apply_draft()
    english.summary = "New guidance on the starting dose."
    workflow.save_draft(english, user=factories.make_writer())
    with django_capture_on_commit_callbacks(execute=True):
        factories.publish(english)

    # The page cache held the Spanish page: the English publication must reach it through its content tags.
    html = client.get("/es/articles/naltrexona-usos/").content.decode()
    assert "Esta traducción fue revisada el" in html
    assert "la versión en inglés se actualizó el" in html
    assert 'href="/articles/naltrexone-uses/"' in html


def test_reviewing_and_republishing_the_translation_removes_the_notice(client):
    english = factories.make_live_article(title="Naltrexone uses", slug="naltrexone-uses")
    translation = live_spanish(english)
    english.apply_draft()
    english.summary = "New guidance."
    workflow.save_draft(english, user=factories.make_writer())
    factories.publish(english)

    translation.apply_draft()
    workflow.follow_source(translation, user=factories.make_writer())
    factories.publish(translation, reviewer=factories.make_reviewer(languages="es"))

    assert "Esta traducción" not in client.get("/es/articles/naltrexona-usos/").content.decode()


def test_the_spanish_byline_names_the_medical_review(client):
    live_spanish(factories.make_live_article())

    html = client.get("/es/articles/naltrexona-usos/").content.decode()
    assert "Revisado médicamente" in html
    assert "por" in html


def test_hreflang_pairs_are_exact_on_both_versions(client):
    english = factories.make_live_article(title="Naltrexone uses", slug="naltrexone-uses")
    live_spanish(english)
    expected = {
        "en": "http://testserver/articles/naltrexone-uses/",
        "es": "http://testserver/es/articles/naltrexona-usos/",
        "x-default": "http://testserver/articles/naltrexone-uses/",
    }

    assert hreflang_links(client.get("/articles/naltrexone-uses/")) == expected
    assert hreflang_links(client.get("/es/articles/naltrexona-usos/")) == expected


def test_a_page_without_a_translation_has_no_hreflang(client):
    factories.make_live_article(title="Naltrexone uses", slug="naltrexone-uses")
    assert hreflang_links(client.get("/articles/naltrexone-uses/")) == {}


def test_the_language_alternates_are_offered_to_the_switcher(client):
    english = factories.make_live_article(title="Naltrexone uses", slug="naltrexone-uses")
    live_spanish(english)

    alternates = client.get("/es/articles/naltrexona-usos/").context["language_alternates"]
    assert [(a["code"], a["name"], a["url"], a["is_current"]) for a in alternates] == [
        ("en", "English", "/articles/naltrexone-uses/", False),
        ("es", "Español", "/es/articles/naltrexona-usos/", True),
    ]


def test_json_ld_gives_the_language_of_each_version(client):
    english = factories.make_live_article(title="Naltrexone uses", slug="naltrexone-uses")
    live_spanish(english)

    def in_language(response):
        return [node["inLanguage"] for node in json_ld(response) if node.get("@type") == "MedicalWebPage"]

    assert in_language(client.get("/articles/naltrexone-uses/")) == ["en-US"]
    assert in_language(client.get("/es/articles/naltrexona-usos/")) == ["es"]


def test_an_english_address_under_es_without_a_translation_says_so_and_links_to_english(client):
    factories.make_live_article(title="Naltrexone uses", slug="naltrexone-uses")

    response = client.get("/es/articles/naltrexone-uses/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Esta página aún no está disponible en español" in html
    assert 'href="/articles/naltrexone-uses/"' in html


def test_an_english_address_under_es_leads_to_its_translation(client):
    live_spanish(factories.make_live_article(title="Naltrexone uses", slug="naltrexone-uses"))

    response = client.get("/es/articles/naltrexone-uses/")
    assert response.status_code == 302
    assert response["Location"] == "/es/articles/naltrexona-usos/"


def test_a_spanish_address_without_the_prefix_is_not_found(client):
    live_spanish(factories.make_live_article(title="Naltrexone uses", slug="naltrexone-uses"))
    assert client.get("/articles/naltrexona-usos/").status_code == 404


def test_an_unknown_address_under_es_is_the_plain_404(client):
    response = client.get("/es/articles/no-such-page/")
    assert response.status_code == 404
    assert "in English" not in response.content.decode()


def test_a_translated_condition_page_is_served_under_es(client):
    english = factories.make_live_condition(name="Fibromyalgia", slug="fibromyalgia")
    translation = factories.translate(english, name="Fibromialgia", slug="fibromialgia")
    factories.publish(translation, reviewer=factories.make_reviewer(languages="es"))

    response = client.get("/es/conditions/fibromialgia/")
    assert response.status_code == 200
    assert "Fibromialgia" in response.content.decode()
    assert (
        hreflang_links(client.get("/conditions/fibromyalgia/"))["es"] == "http://testserver/es/conditions/fibromialgia/"
    )


def test_a_translated_trust_page_is_served_under_es(client):
    english = factories.publish(factories.make_site_page(title="Editorial policy"))
    translation = factories.translate(english, title="Política editorial")
    factories.publish(translation, reviewer=factories.make_reviewer(languages="es"))

    assert "Política editorial" in client.get("/es/editorial-policy/").content.decode()
    assert "Editorial policy" in client.get("/editorial-policy/").content.decode()


def test_blocks_show_in_the_page_language_and_fall_back_to_english(client):
    factories.publish(factories.make_block(kind=Block.Kind.DISCLAIMER, body="<p>English disclaimer.</p>"))
    help_panel = factories.publish(
        factories.make_block(kind=Block.Kind.HELP_PANEL, body="<p>English help; call or text 988.</p>")
    )
    strip = factories.make_block(kind=Block.Kind.HEADER_STRIP, body="<p>English strip: call or text 988.</p>")
    factories.publish(strip, reviewer=factories.make_editor())  # not medical text: an editor approves it
    spanish = factories.translate(help_panel, body="<p>Ayuda en español: llame al 988 y marque 2.</p>")
    factories.publish(spanish, reviewer=factories.make_reviewer(languages="es"))

    spanish_home = client.get("/es/").content.decode()
    assert "Ayuda en español: llame al 988 y marque 2." in spanish_home
    assert "English disclaimer." in spanish_home  # no Spanish one yet: the reviewed English text
    # A crisis block never stands in for another language: the Spanish page gives its own crisis text instead.
    assert "English strip: call or text 988." not in spanish_home
    english_home = client.get("/").content.decode()
    assert "English help; call or text 988." in english_home and "English strip" in english_home
    assert "Ayuda en español" not in english_home


def test_a_translation_address_is_its_spanish_one_whatever_language_is_active():
    translation = live_spanish(factories.make_live_article())
    assert translation.get_absolute_url() == "/es/articles/naltrexona-usos/"
