from articles.models import Article
from editorial import workflow
from editorial.models import LiveStatus, ReviewState, Revision
from tests import factories


def test_publishing_an_approved_draft_makes_it_live_and_keeps_a_revision(db):
    article = factories.make_live_article(title="Naltrexone uses", sources=[{"title": "FDA label", "publisher": "FDA"}])

    stored = Article.objects.live().get(pk=article.pk)
    assert stored.title == "Naltrexone uses"
    assert stored.live_status == LiveStatus.LIVE
    assert [s.title for s in stored.sources.all()] == ["FDA label"]
    assert Revision.objects.filter(object_id=article.pk).count() == 1


def test_editing_live_article_keeps_live_text_until_published(db):
    article = factories.make_live_article(body="<p>Old text</p>")
    writer = factories.make_writer()

    article.body = "<p>New text</p>"
    workflow.save_draft(article, user=writer)

    assert Article.objects.get(pk=article.pk).body == "<p>Old text</p>"
    assert article.review_state == ReviewState.DRAFT

    factories.publish(article)
    assert Article.objects.get(pk=article.pk).body == "<p>New text</p>"


def test_writer_cannot_publish(db):
    article = factories.make_article()
    factories.approve_draft(article)
    writer = factories.make_writer()

    assert "publish" not in workflow.available_actions(article, writer)
