"""Who and what the drafts are attached to: contributors, topics and addresses, never duplicated."""

from pathlib import Path

import pytest

from articles.models import Topic
from editorial.models import Contributor
from imports.models import ImportedAuthor, ImportedItem
from tests import factories
from tests.imports.conftest import export

pytestmark = pytest.mark.django_db


def test_wordpress_authors_become_writer_contributors_once(run_import):
    run_import(export("site.xml"))
    run_import(export("site-newer.xml"))

    names = sorted(Contributor.objects.exclude(user__username="importer").values_list("name", flat=True))
    assert names == ["Alice Ávila", "Bob Brown", "carol"]
    assert Contributor.objects.get(name="Bob Brown").is_writer
    assert ImportedAuthor.objects.get(login="alice").email == "alice@old.example.org"


def test_an_author_is_matched_by_email_across_exports(run_import, tmp_path):
    run_import(export("site.xml"))
    renamed = tmp_path / "renamed.xml"
    text = Path(export("site.xml")).read_text(encoding="utf-8")
    renamed.write_text(
        text.replace("https://old.example.org", "https://new.example.org").replace(
            "<![CDATA[alice]]>", "<![CDATA[alice.avila]]>"
        ),
        encoding="utf-8",
    )

    run_import(str(renamed))

    assert Contributor.objects.filter(name="Alice Ávila").count() == 1


def test_an_author_with_a_staff_account_is_matched_to_its_contributor(run_import):
    staff = factories.make_writer("bob")  # same login as the WordPress author

    run_import(export("site.xml"))

    assert list(ImportedItem.objects.get(wp_id=104).article.authors.all()) == [staff.contributor]
    assert not Contributor.objects.filter(name="Bob Brown").exists()


def test_categories_become_topics_reusing_an_existing_one_by_name(run_import):
    existing = Topic.objects.create(name="Medication & treatment", slug="medicines")

    run_import(export("site.xml"))

    assert ImportedItem.objects.get(wp_id=101).article.topic == existing
    assert Topic.objects.count() == 1


def test_duplicate_slugs_are_made_unique_and_the_reviewer_told(run_import):
    run_import(export("site.xml"))

    page, post = ImportedItem.objects.get(wp_id=103), ImportedItem.objects.get(wp_id=104)
    assert (page.article.slug, post.article.slug) == ("about", "about-2")
    assert "The address “about” was taken, so this one is “about-2”." in post.needs_attention


def test_a_slug_taken_by_an_existing_article_is_kept_free(run_import):
    factories.make_article(slug="low-dose-naltrexone")

    run_import(export("site.xml"))

    assert ImportedItem.objects.get(wp_id=101).article.slug == "low-dose-naltrexone-2"


def test_empty_and_non_ascii_slugs_come_from_the_title(run_import):
    run_import(export("site.xml"))

    assert ImportedItem.objects.get(wp_id=102).article.slug == "crohns-disease-diet"
    non_ascii = ImportedItem.objects.get(wp_id=105)
    assert non_ascii.article.slug == "cafe-con-leche"
    assert "The WordPress address “日本語” has no letters addresses here can hold: it is “cafe-con-leche”." in (
        non_ascii.needs_attention
    )


def test_categories_whose_slugs_have_no_ascii_letters_get_distinct_topics(run_import, tmp_path):
    text = Path(export("site.xml")).read_text(encoding="utf-8")
    both = tmp_path / "both.xml"
    both.write_text(
        text.replace(
            'nicename="medication"><![CDATA[Medication &amp; Treatment]]>', 'nicename="%e8%96%ac"><![CDATA[薬]]>', 1
        ).replace(
            'nicename="medication"><![CDATA[Medication &amp; Treatment]]>', 'nicename="%e6%b2%bb"><![CDATA[治]]>', 1
        ),
        encoding="utf-8",
    )

    run_import(str(both))

    topics = {item.wp_id: item.article.topic for item in ImportedItem.objects.filter(wp_id__in=[101, 105])}
    assert (topics[101].name, topics[105].name) == ("薬", "治")
    assert topics[101].slug != topics[105].slug
