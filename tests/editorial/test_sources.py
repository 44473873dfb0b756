"""Source addresses are checked on the model wherever they are written, and linked only when safe."""

import pytest
from django.core.exceptions import ValidationError

from articles.models import Article, ArticleSource
from editorial import workflow
from tests import factories

pytestmark = pytest.mark.django_db

UNSAFE = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
]


@pytest.mark.parametrize("url", UNSAFE)
def test_a_draft_with_an_unsafe_source_address_is_refused_and_nothing_is_stored(url):
    article = factories.make_article(sources=[{"title": "Safe", "url": "https://example.org/a"}])
    stored_draft = Article.objects.get(pk=article.pk).draft

    article.set_sources([{"title": "Evil", "url": url}])
    with pytest.raises(ValidationError, match="web address"):
        workflow.save_draft(article, user=factories.make_writer())

    assert Article.objects.get(pk=article.pk).draft == stored_draft


@pytest.mark.parametrize("url", UNSAFE)
def test_a_source_saved_by_code_with_an_unsafe_address_is_refused(url):
    article = factories.make_live_article()

    with pytest.raises(ValidationError, match="web address"):
        ArticleSource.objects.create(article=article, title="Evil", url=url)
    assert not ArticleSource.objects.filter(title="Evil").exists()


def test_publishing_a_snapshot_with_an_unsafe_source_is_refused_and_the_live_sources_stay():
    article = factories.make_live_article(sources=[{"title": "Safe", "url": "https://example.org/a"}])
    snapshot = {**article.draft, "sources": [{"title": "Evil", "url": "javascript:alert(1)", "publisher": "",
                                              "year": None, "doi": "", "pmid": ""}]}  # fmt: skip

    with pytest.raises(ValidationError):
        Article.objects.get(pk=article.pk).write_live(snapshot)

    assert [source.url for source in ArticleSource.objects.filter(article=article)] == ["https://example.org/a"]


def test_an_unsafe_address_that_reached_the_table_is_never_linked_on_the_public_page(client):
    article = factories.make_live_article(sources=[{"title": "Old study", "url": "https://example.org/a"}])
    # Written behind the model's back, as a raw SQL import could.
    factories.set_stored(ArticleSource.objects.filter(article=article), url="javascript:alert(document.cookie)")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Old study" in html
    assert "javascript:" not in html
