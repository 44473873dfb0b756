"""Translating in the admin: the Translate button, the source beside the fields, following a newer source version."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import Article
from editorial import workflow
from editorial.dashboard import cards_for
from tests import factories

pytestmark = pytest.mark.django_db

SOURCES = [
    {
        "title": "Naltrexone for alcohol use disorder: a randomized trial",
        "publisher": "JAMA",
        "url": "https://jamanetwork.com/journals/jama/fullarticle/123",
        "year": 2014,
        "doi": "10.1001/jama.2014.3628",
        "pmid": "24825644",
    }
]


def admin_url(obj, name: str, *args) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{name}", args=[obj.pk, *args])


def live_english():
    return factories.make_live_article(
        title="Naltrexone uses",
        slug="naltrexone-uses",
        key_takeaways="Take it once a day\nIt is not an opioid",
        sources=SOURCES,
    )


def test_the_translate_button_creates_a_spanish_draft_from_the_live_version_with_its_sources(client):
    english = live_english()
    english.apply_draft()
    english.summary = "An English draft nobody reviewed yet."
    workflow.save_draft(english, user=factories.make_writer())
    writer = factories.make_writer()
    factories.login_staff(client, writer)

    page = client.get(admin_url(english, "change")).content.decode()
    assert "Translate into Español" in page
    response = client.post(admin_url(english, "translate", "es"))

    translation = Article.objects.get(translation_of=english)
    assert response.status_code == 302
    assert response["Location"] == admin_url(translation, "change")
    assert translation.language == "es"
    assert translation.live_status == "none"
    translation.apply_draft()
    assert translation.title == "Naltrexone uses"
    assert translation.summary != "An English draft nobody reviewed yet."  # the live version, not the draft
    assert translation.key_takeaways == "Take it once a day\nIt is not an opioid"
    assert translation.slug == "naltrexone-uses-es"
    assert [source.as_dict() for source in translation.related_objects("sources")] == SOURCES
    assert translation.followed_revision_id == translation.source_latest_revision.pk


def test_a_page_with_a_translation_offers_no_second_one(client):
    english = live_english()
    factories.translate(english)
    factories.login_staff(client, factories.make_writer())

    page = client.get(admin_url(english, "change")).content.decode()
    assert "Translate into Español" not in page
    client.post(admin_url(english, "translate", "es"))
    assert Article.objects.filter(translation_of=english).count() == 1


def test_a_draft_never_published_cannot_be_translated(client):
    draft = factories.make_article()
    factories.login_staff(client, factories.make_writer())

    assert "Translate into" not in client.get(admin_url(draft, "change")).content.decode()
    response = client.post(admin_url(draft, "translate", "es"), follow=True)
    assert Article.objects.filter(translation_of=draft).count() == 0
    assert "Only a live page can be translated" in [str(m) for m in get_messages(response.wsgi_request)][0]


def test_the_translation_change_page_shows_the_live_source_beside_the_fields(client):
    english = live_english()
    translation = factories.translate(english, title="Naltrexona: usos", slug="naltrexona-usos")
    factories.login_staff(client, translation.draft_updated_by)

    page = client.get(admin_url(translation, "change")).content.decode()
    assert "Translation into Español" in page
    assert "The source as it is live" in page
    assert "It is not an opioid" in page
    assert "PMID 24825644" in page
    assert "follows revision 1 of the source" in page


def test_a_reviewer_without_spanish_is_told_in_the_admin_why_they_cannot_approve(client):
    translation = factories.translate(live_english(), title="Naltrexona: usos", slug="naltrexona-usos")
    workflow.submit(translation, user=translation.draft_updated_by)
    reviewer = factories.make_reviewer(languages="en")
    factories.login_staff(client, reviewer)

    page = client.get(admin_url(translation, "change"))
    assert "approve" not in [name for name, _, _ in page.context["buttons"]]
    response = client.post(
        admin_url(translation, "workflow"),
        {"action": "approve", "fingerprint": translation.draft_fingerprint},
        follow=True,
    )

    assert "Only a medical reviewer who reads Español can review this page" in response.content.decode()
    translation.refresh_from_db()
    assert translation.review_state == "in_review"


def test_a_reviewer_reading_spanish_approves_the_translation_in_the_admin(client):
    translation = factories.translate(live_english(), title="Naltrexona: usos", slug="naltrexona-usos")
    workflow.submit(translation, user=translation.draft_updated_by)
    factories.login_staff(client, factories.make_reviewer(languages="en, es"))

    client.post(admin_url(translation, "workflow"), {"action": "approve", "fingerprint": translation.draft_fingerprint})

    translation.refresh_from_db()
    assert translation.review_state == "approved"


def test_following_the_current_source_shows_its_changes_and_needs_a_new_review(client):
    english = live_english()
    translation = factories.publish(
        factories.translate(english, title="Naltrexona: usos", slug="naltrexona-usos"),
        reviewer=factories.make_reviewer(languages="es"),
    )
    english.apply_draft()
    english.body = "<p>Start with 25 mg for the first days.[1]</p>"
    workflow.save_draft(english, user=factories.make_writer())
    factories.publish(english)
    translator = factories.make_writer()
    factories.login_staff(client, translator)

    assert "Follow the current English version" in client.get(admin_url(translation, "change")).content.decode()
    diff = client.get(admin_url(translation, "follow_source"))
    assert diff.status_code == 200
    assert "25 mg" in diff.content.decode()
    client.post(admin_url(translation, "follow_source"))

    translation.refresh_from_db()
    translation.apply_draft()
    assert translation.followed_revision_id == translation.source_latest_revision.pk
    assert translation.source_revision.number == 1  # the live text still follows revision 1 until it is reviewed
    assert translation.review_state == "draft"


def test_the_list_shows_the_language_and_filters_translations(client):
    english = live_english()
    factories.translate(english, title="Naltrexona: usos", slug="naltrexona-usos")
    factories.login_staff(client, factories.make_editor())

    changelist = reverse("admin:articles_article_changelist")
    translations = client.get(changelist, {"translation": "translation"})
    assert [page.title for page in translations.context["cl"].result_list] == ["Naltrexona: usos"]
    in_spanish = client.get(changelist, {"language__exact": "es"})
    assert [page.title for page in in_spanish.context["cl"].result_list] == ["Naltrexona: usos"]
    assert "Español" in in_spanish.content.decode()


def test_the_dashboard_lists_translations_following_an_older_source_with_the_source_diff(client):
    english = live_english()
    translation = factories.publish(
        factories.translate(english, title="Naltrexona: usos", slug="naltrexona-usos"),
        reviewer=factories.make_reviewer(languages="es"),
    )
    editor = factories.make_editor()
    card = next(card for card in cards_for(editor) if card.key == "translations_out_of_date")
    assert card.count == 0

    english.apply_draft()
    english.summary = "Updated guidance."
    workflow.save_draft(english, user=factories.make_writer())
    factories.publish(english)
    factories.login_staff(client, editor)

    page = client.get(reverse("admin:index")).content.decode()
    card = next(card for card in cards_for(editor) if card.key == "translations_out_of_date")
    assert [item.obj for item in card.items] == [translation]
    assert card.items[0].extra_url == f"{admin_url(english, 'compare')}?from=1&to=2"
    assert "Naltrexona: usos" in page
    assert f"{admin_url(english, 'compare')}?from=1&amp;to=2" in page
    listed = client.get(reverse("admin:articles_article_changelist"), {"translation": "out_of_date"})
    assert list(listed.context["cl"].result_list) == [translation]
