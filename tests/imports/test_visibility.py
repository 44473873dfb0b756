"""The draft-only rule, over HTTP: nothing imported reaches visitors until it is reviewed and published."""

import pytest

from articles.models import Article
from editorial import workflow
from imports.models import ImportedItem
from tests import factories
from tests.imports.conftest import export, publish_imported

pytestmark = pytest.mark.django_db

TITLES = ("How low-dose naltrexone is used", "About us", "Crohn&#x27;s disease", "Café con leche")


@pytest.fixture
def imported(run_import, uploads):
    run_import(export("site.xml"), "--media-dir", str(uploads))
    return list(Article.objects.all())


def public_pages(client, articles) -> dict[str, str]:
    pages = {article.get_absolute_url(): client.get(article.get_absolute_url()) for article in articles}
    for url in (
        "/",
        "/articles/",
        "/articles/topic/medication/",
        "/search/?q=naltrexone",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/feeds/articles/",
    ):
        pages[url] = client.get(url)
    for contributor in {author for article in articles for author in article.authors.all()}:
        pages[contributor.get_absolute_url()] = client.get(contributor.get_absolute_url())
    return pages


def test_nothing_imported_is_visible_to_visitors_whatever_its_wordpress_status(client, imported):
    pages = public_pages(client, imported)

    for article in imported:
        assert pages[article.get_absolute_url()].status_code == 404, article.title
    for url, response in pages.items():
        for title in TITLES:
            assert title not in response.content.decode(), (url, title)
        assert 'href="/articles/low-dose-naltrexone/"' not in response.content.decode(), url


def test_an_imported_article_is_visible_once_reviewed_and_published_and_the_others_stay_hidden(client, imported):
    published = publish_imported(ImportedItem.objects.get(wp_id=101).article)

    pages = public_pages(client, imported)

    assert pages[published.get_absolute_url()].status_code == 200
    assert "How low-dose naltrexone is used" in pages["/articles/"].content.decode()
    assert '<span class="badge">Medically reviewed</span> by' in pages[published.get_absolute_url()].content.decode()
    hidden = [article for article in imported if article.pk != published.pk]
    assert [pages[article.get_absolute_url()].status_code for article in hidden] == [404] * len(hidden)
    assert "About us" not in pages["/articles/"].content.decode()


def test_an_imported_draft_cannot_be_published_without_a_medical_review(imported):
    article = imported[0]
    with pytest.raises(workflow.WorkflowError, match="Only a medically approved draft can be published"):
        workflow.publish(article, user=factories.make_editor())
    assert Article.objects.live().count() == 0
