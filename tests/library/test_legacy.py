"""Drafts stored before the library (a file name and an alt text) are read as the library image of that file."""

import pytest

from editorial import workflow
from editorial.models import ReviewEvent, fingerprint
from library.legacy import upgrade_image_field
from tests import factories

pytestmark = pytest.mark.django_db


def old_form(page, name: str, alt: str) -> dict:
    """The page's draft as it was stored before issue 28: the hero as a file name with its own alt text."""
    fields = {**page.draft["fields"], "hero_image": name, "hero_image_alt": alt}
    return {**page.draft, "fields": fields}


def test_an_old_snapshot_names_the_library_image_of_its_file():
    image = factories.make_image()
    snapshot = {"fields": {"title": "T", "hero_image": image.name, "hero_image_alt": "Old words"}, "m2m": {}}

    upgraded = upgrade_image_field(snapshot, "hero_image", "hero_image_alt")

    assert upgraded["fields"] == {"title": "T", "hero_image": image.pk}
    assert snapshot["fields"]["hero_image"] == image.name  # the stored snapshot itself is not changed


def test_an_old_snapshot_without_a_picture_chooses_none():
    snapshot = {"fields": {"hero_image": "", "hero_image_alt": ""}, "m2m": {}}

    assert upgrade_image_field(snapshot, "hero_image", "hero_image_alt")["fields"] == {"hero_image": None}


def test_saving_an_approved_old_draft_unchanged_keeps_it_and_its_approval():
    image = factories.make_image()
    article = factories.make_article()
    factories.set_stored(type(article).objects.filter(pk=article.pk), draft=old_form(article, image.name, "x"))
    article.refresh_from_db()
    factories.approve_draft(article)
    approved = article.approved_fingerprint
    assert approved == fingerprint(article.draft)

    article.refresh_from_db()
    article.apply_draft()
    assert article.hero_image == image
    workflow.save_draft(article, user=factories.make_editor())

    article.refresh_from_db()
    assert article.draft["fields"]["hero_image"] == image.name  # kept byte for byte
    assert article.review_state == "approved" and article.approved_fingerprint == approved
    assert not ReviewEvent.objects.filter(object_id=article.pk, action="edit").exclude(user=article.draft_updated_by)


def test_publishing_an_old_draft_makes_its_picture_live_from_the_library():
    image = factories.make_image()
    article = factories.make_article()
    factories.set_stored(type(article).objects.filter(pk=article.pk), draft=old_form(article, image.name, "x"))
    article.refresh_from_db()

    factories.publish(article)

    article.refresh_from_db()
    assert article.is_live and article.hero_image == image
