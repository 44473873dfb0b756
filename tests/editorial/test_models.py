"""Contributor rules and the draft snapshot that carries every edit."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.models import Article
from editorial.models import Affiliation, Contributor, Education
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("address", ["javascript:alert(1)", "ftp://files.example/", "register.example.org"])
def test_profile_addresses_must_be_web_addresses(address):
    person = factories.make_contributor(other_profiles=f"https://register.example.org/a\n{address}")

    with pytest.raises(ValidationError, match="Each line must be one web address"):
        person.full_clean()
    with pytest.raises(ValidationError, match="starting with https:// or http://"):
        Affiliation(contributor=person, name="Sample Society", url=address).full_clean()


def test_profile_lines_skip_blank_lines():
    person = Contributor(expertise=" Pain management \n\n Opioid use disorder", other_profiles="\nhttps://a.example/\n")

    assert person.expertise_list == ["Pain management", "Opioid use disorder"]
    assert person.profile_links == ["https://a.example/"]


def test_education_year_is_a_plausible_year():
    person = factories.make_contributor()

    with pytest.raises(ValidationError, match="year"):
        Education(contributor=person, degree="PharmD", institution="Sample University", year=12).full_clean()


# The smallest valid GIF: enough for an ImageField upload.
TINY_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def image(name="photo.gif") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, TINY_GIF, content_type="image/gif")


def reviewer(expiry: datetime.date | None) -> Contributor:
    return Contributor(
        name="Sample Reviewer",
        slug="sample-reviewer",
        is_medical_reviewer=True,
        licence_number="R-1",
        licence_expiry=expiry,
    )


def test_reviewer_with_unexpired_licence_has_a_current_licence():
    today = timezone.localdate()

    assert reviewer(today + datetime.timedelta(days=30)).has_current_licence()
    assert reviewer(today).has_current_licence()


def test_reviewer_with_expired_or_missing_licence_has_no_current_licence():
    today = timezone.localdate()

    assert not reviewer(today - datetime.timedelta(days=1)).has_current_licence()
    assert not reviewer(None).has_current_licence()


def test_licence_is_judged_on_the_day_asked_about():
    expiry = datetime.date(2030, 6, 30)

    assert reviewer(expiry).has_current_licence(on=datetime.date(2030, 6, 30))
    assert not reviewer(expiry).has_current_licence(on=datetime.date(2030, 7, 1))


def test_writer_without_reviewer_role_never_has_a_current_licence():
    writer = Contributor(
        name="W", licence_number="R-2", licence_expiry=timezone.localdate() + datetime.timedelta(days=99)
    )

    assert not writer.has_current_licence()


def test_display_name_adds_credentials_after_a_comma():
    assert Contributor(name="Sample Reviewer", credentials="PharmD").display_name == "Sample Reviewer, PharmD"
    assert Contributor(name="Sample Writer").display_name == "Sample Writer"


def test_contributor_portrait_must_be_described_in_the_library():
    portrait = factories.image_from(image(), "")
    contributor = Contributor(name="Sample Writer", slug="sample-writer", is_writer=True, photo=portrait)

    with pytest.raises(ValidationError) as error:
        contributor.full_clean()

    assert "photo" in error.value.message_dict
    portrait.alt_text = "Sample Writer smiling at a desk"
    contributor.full_clean()


def test_medical_reviewer_needs_licence_number_and_expiry():
    with pytest.raises(ValidationError, match="licence number and its expiry"):
        Contributor(name="R", slug="r", is_medical_reviewer=True).full_clean()


def test_contributor_slug_is_made_from_the_name():
    contributor = Contributor.objects.create(name="Sample Writer")

    assert contributor.slug == "sample-writer"


def test_article_hero_image_requires_a_description():
    hero = factories.image_from(image("hero.png"), "")
    article = Article(title="T", slug="t", summary="S.", body="<p>B</p>", hero_image=hero)

    with pytest.raises(ValidationError) as error:
        article.full_clean()

    assert "hero_image" in error.value.message_dict


def test_snapshot_survives_json_and_apply_snapshot_restores_every_part():
    topic = factories.make_topic()
    author = factories.make_contributor(is_writer=True)
    condition = factories.make_live_condition()
    article = factories.make_article(
        title="Original title",
        body="<h2>Section</h2><p>Original body.</p>",
        topic=topic,
        authors=[author],
        conditions=[condition],
        sources=[{"title": "FDA labeling", "publisher": "FDA", "url": "https://www.fda.gov/", "year": 2023}],
    )
    original = json.loads(json.dumps(article.snapshot()))

    article.title, article.body, article.topic = "Changed", "<p>Changed.</p>", None
    article.set_relation("authors", Contributor.objects.none())
    article.set_sources([])
    assert article.snapshot() != original

    article.apply_snapshot(original)

    assert article.snapshot() == original
    assert article.title == "Original title" and article.topic_id == topic.pk
    assert [a.pk for a in article.authors.all()] == [author.pk]
    assert [c.pk for c in article.conditions.all()] == [condition.pk]
    assert [(s.position, s.title, s.year) for s in article.sources.all()] == [(1, "FDA labeling", 2023)]


def test_snapshot_stores_sanitized_rich_text():
    article = factories.make_article(body='<p onclick="x()">Hi<script>alert(1)</script></p>')

    assert article.snapshot()["fields"]["body"] == "<p>Hi</p>"
