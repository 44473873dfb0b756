"""Where a picture is used: heroes and portraits (live or only in a draft) and images in the text."""

import pytest
from django.db.models import ProtectedError

from library import usage
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_live_hero_a_portrait_and_a_body_image_are_all_listed():
    image = factories.make_image()
    article = factories.make_live_article(title="Naltrexone", hero_image=image)
    person = factories.make_contributor(name="Sample Writer", photo=image)
    condition = factories.make_condition(name="Fibromyalgia", body=f'<p>x</p><img src="{image.url}" alt="y">')

    found = {(str(use.obj), use.how, use.live) for use in usage.usages(image)}

    assert found == {
        ("Naltrexone", "hero image", True),
        ("Fibromyalgia", "in the text", False),
        ("Sample Writer", "portrait", True),
    }
    assert usage.live_pages(image) == [article]
    assert {page.pk for page in usage.used_pages(image)} == {article.pk, condition.pk}
    assert person in [use.obj for use in usage.usages(image)]


def test_a_picture_chosen_only_in_a_live_pages_draft_is_listed_as_a_draft_use():
    old, new = factories.make_image(), factories.make_image()
    article = factories.make_live_article(hero_image=old)
    article.apply_draft()
    article.hero_image = new
    factories.workflow.save_draft(article, user=factories.make_writer())

    assert [(use.how, use.live) for use in usage.usages(new)] == [("hero image (draft)", False)]
    assert [(use.how, use.live) for use in usage.usages(old)] == [("hero image", True)]
    assert usage.unused_ids() == set()


def test_a_picture_a_live_page_shows_cannot_be_deleted_even_by_code():
    image = factories.make_image()
    factories.make_live_article(hero_image=image)

    with pytest.raises(ProtectedError):
        image.delete()


def test_choosing_another_picture_voids_the_approval():
    first, second = factories.make_image(), factories.make_image()
    article = factories.make_article(hero_image=first)
    factories.approve_draft(article)
    approved = article.approved_fingerprint

    article.apply_draft()
    article.hero_image = second
    factories.workflow.save_draft(article, user=factories.make_writer())

    article.refresh_from_db()
    assert article.draft["fields"]["hero_image"] == second.pk
    assert article.review_state == "draft"
    assert article.draft_fingerprint != approved
