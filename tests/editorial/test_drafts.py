"""The Draft object previews render: the working draft's fields and relations, apart from the stored page."""

import pytest

from articles.models import Article
from editorial import workflow
from editorial.drafts import Draft
from tests import factories

pytestmark = pytest.mark.django_db


def edited_live_article():
    """Return a live article whose working draft changes its title, authors and sources."""
    old_author, new_author = factories.make_contributor(name="Ann Old"), factories.make_contributor(name="Bea New")
    article = factories.make_live_article(title="Live title", authors=[old_author], sources=[{"title": "Old source"}])
    article = Article.objects.get(pk=article.pk)
    article.title = "Draft title"
    article.set_relation("authors", [new_author])
    article.set_sources([{"title": "New source", "url": "https://example.org/new"}])
    workflow.save_draft(article, user=factories.make_writer())
    return Article.objects.get(pk=article.pk)


def test_a_draft_shows_the_drafts_fields_and_relations_while_the_page_keeps_the_live_ones():
    article = edited_live_article()

    draft = Draft(article)

    assert draft.title == "Draft title"
    assert [author.name for author in draft.authors.all()] == ["Bea New"]
    assert [(source.position, source.title) for source in draft.sources.all()] == [(1, "New source")]
    assert article.title == "Live title"
    assert [author.name for author in article.authors.all()] == ["Ann Old"]
    assert [source.title for source in article.sources.all()] == ["Old source"]


def test_reloading_or_prefetching_the_page_never_changes_what_its_draft_shows():
    article = edited_live_article()
    draft = Draft(article)

    article.refresh_from_db()
    reloaded = Article.objects.prefetch_related("authors", "sources").get(pk=article.pk)

    assert [author.name for author in draft.authors.all()] == ["Bea New"]
    assert [source.title for source in draft.sources.all()] == ["New source"]
    assert [author.name for author in reloaded.authors.all()] == ["Ann Old"]


def test_a_draft_of_a_revision_shows_that_revision_and_reads_the_pages_methods():
    article = edited_live_article()
    draft = Draft(
        article, {"fields": {"title": "Old title", "slug": "old-address"}, "m2m": {"authors": []}, "sources": []}
    )

    assert draft.title == "Old title"
    assert draft.authors.all() == []
    assert draft.get_absolute_url() == "/articles/old-address/"
    assert str(draft) == "Old title"
