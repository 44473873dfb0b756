"""Only the workflow writes what visitors see: every other way of writing a live page is refused by the model."""

import ast
import pathlib

import pytest
from django.db import transaction
from django.urls import reverse

from articles.models import Article, ArticleSource
from conditions.models import Condition
from editorial import workflow
from editorial.models import LiveContentError, LiveStatus, ReviewEvent, ReviewState
from tests import factories

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parents[2]


def events(page) -> int:
    return ReviewEvent.objects.filter(content_type=page.content_type, object_id=page.pk).count()


def stored(page):
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def live_article():
    """A live article with a pending, unreviewed edit in its draft."""
    article = factories.make_live_article(title="Reviewed title", body="<p>Reviewed text.</p>")
    article.body = "<p>Unreviewed text.</p>"
    workflow.save_draft(article, user=factories.make_writer())
    return Article.objects.get(pk=article.pk)


def test_loading_the_draft_onto_a_live_page_and_saving_it_is_refused(live_article):
    before = events(live_article)
    live_article.apply_draft()

    with pytest.raises(LiveContentError, match="Only editorial.workflow"):
        live_article.save()

    assert stored(live_article).body == "<p>Reviewed text.</p>"
    assert events(live_article) == before


def test_saving_a_live_page_unchanged_or_only_its_draft_is_allowed(live_article):
    live_article.save()
    live_article.draft = {**live_article.draft}
    live_article.save(update_fields=["draft"])

    assert stored(live_article).body == "<p>Reviewed text.</p>"


def test_a_draft_page_that_was_never_live_may_have_its_columns_saved():
    article = factories.make_article(title="Draft title")
    article.title = "Still a draft"
    article.save()

    assert stored(article).title == "Still a draft"
    assert stored(article).live_status == LiveStatus.NONE


@pytest.mark.parametrize(
    "field, value",
    [("live_status", LiveStatus.LIVE), ("review_due_at", None), ("last_published_at", None), ("unpublish_at", None)],
)
def test_no_save_outside_the_workflow_changes_whether_or_how_a_page_is_live(live_article, field, value):
    if field == "unpublish_at":
        value = live_article.last_published_at
    if field == "live_status":
        live_article = factories.make_article()
    setattr(live_article, field, value)

    with pytest.raises(LiveContentError, match=field):
        live_article.save()


def test_forging_an_approval_outside_the_workflow_is_refused():
    article = factories.make_article()
    workflow.submit(article, user=article.draft_updated_by)
    article.review_state = ReviewState.APPROVED
    article.approved_fingerprint = article.draft_fingerprint

    with pytest.raises(LiveContentError, match="approved_fingerprint"):
        article.save()
    with pytest.raises(LiveContentError):
        Article.objects.filter(pk=article.pk).update(approved_fingerprint=article.draft_fingerprint)
    with pytest.raises(workflow.WorkflowError, match="Only a medically approved draft"):
        workflow.publish(Article.objects.get(pk=article.pk), user=factories.make_editor())


def test_creating_a_page_that_is_already_live_is_refused():
    with pytest.raises(LiveContentError):
        Article.objects.create(title="Straight to live", slug="straight", summary="x", live_status=LiveStatus.LIVE)
    with pytest.raises(LiveContentError):
        Condition.objects.bulk_create([Condition(name="Bulk", slug="bulk", summary="x", live_status=LiveStatus.LIVE)])

    assert not Article.objects.filter(slug="straight").exists()
    assert not Condition.objects.filter(slug="bulk").exists()


def test_bulk_updates_of_live_pages_are_refused_and_of_drafts_allowed(live_article):
    draft = factories.make_article(title="A draft")

    with pytest.raises(LiveContentError, match="title"):
        Article.objects.filter(pk=live_article.pk).update(title="Bulk title")
    with pytest.raises(LiveContentError):
        Article.objects.all().update(summary="Everywhere at once")
    live_article.title = "Bulk title"
    with pytest.raises(LiveContentError):
        Article.objects.bulk_update([live_article], ["title"])
    with pytest.raises(LiveContentError, match="live_status"):
        Article.objects.filter(pk=draft.pk).update(live_status=LiveStatus.LIVE)
    Article.objects.filter(pk=draft.pk).update(title="Draft renamed")

    assert stored(live_article).title == "Reviewed title"
    assert stored(draft).title == "Draft renamed"


def test_a_live_pages_relations_change_only_through_the_workflow(live_article):
    writer = factories.make_contributor(name="Sample Writer", is_writer=True)
    condition = factories.make_live_condition()
    factories.publish(live_article)  # its draft is approved and goes live: it now lists no conditions
    live_article = stored(live_article)

    # (Each refusal in its own savepoint: Django writes relations in a transaction the refusal rolls back.)
    with pytest.raises(LiveContentError), transaction.atomic():
        live_article.authors.add(writer)
    with pytest.raises(LiveContentError), transaction.atomic():
        writer.articles.add(live_article)
    with pytest.raises(LiveContentError), transaction.atomic():
        condition.articles.add(live_article)

    live_article.set_relation("authors", [writer])
    workflow.save_draft(live_article, user=factories.make_writer())
    factories.publish(live_article)
    assert list(stored(live_article).authors.all()) == [writer]

    with pytest.raises(LiveContentError), transaction.atomic():
        writer.articles.clear()
    with pytest.raises(LiveContentError), transaction.atomic():
        stored(live_article).authors.remove(writer)
    assert list(stored(live_article).authors.all()) == [writer]


def test_a_live_pages_sources_change_only_through_the_workflow(live_article):
    source = ArticleSource.objects.get(article=live_article)
    reviewed = source.title

    with pytest.raises(LiveContentError):
        ArticleSource.objects.create(article=live_article, title="Slipped in")
    with pytest.raises(LiveContentError):
        ArticleSource.objects.filter(article=live_article).update(title="Renamed")
    with pytest.raises(LiveContentError):
        ArticleSource.objects.filter(article=live_article).delete()
    with pytest.raises(LiveContentError):
        live_article.sources.all().delete()
    source.title = "Renamed one by one"
    with pytest.raises(LiveContentError):
        source.save()
    with pytest.raises(LiveContentError):
        source.delete()

    assert [s.title for s in ArticleSource.objects.filter(article=live_article)] == [reviewed]


def test_a_live_page_is_deleted_only_after_it_is_unpublished(live_article):
    with pytest.raises(LiveContentError):
        live_article.delete()
    with pytest.raises(LiveContentError):
        Article.objects.filter(pk=live_article.pk).delete()
    assert Article.objects.filter(pk=live_article.pk).exists()

    workflow.unpublish(live_article, user=factories.make_editor())
    Article.objects.get(pk=live_article.pk).delete()

    assert not Article.objects.filter(pk=live_article.pk).exists()


def test_the_admin_offers_no_delete_for_a_live_page(client, live_article):
    superuser = factories.make_user("root", is_superuser=True, is_staff=True)
    admin = factories.login_staff(client, superuser)
    assert admin.is_superuser

    change = client.get(reverse("admin:articles_article_change", args=[live_article.pk]))
    delete = client.post(reverse("admin:articles_article_delete", args=[live_article.pk]), {"post": "yes"})
    bulk = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [live_article.pk], "post": "yes"},
    )

    assert reverse("admin:articles_article_delete", args=[live_article.pk]) not in change.content.decode()
    assert delete.status_code == 403
    assert bulk.status_code == 403
    assert Article.objects.filter(pk=live_article.pk, live_status=LiveStatus.LIVE).exists()


def test_only_the_workflow_module_enters_transition_writes():
    """The escape hatch of the guard is the workflow's alone (tests and the bench corpus set up data with it)."""
    users = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {".venv", "tests", "bench", "var"} or "migrations" in relative.parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        names |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        if "transition_writes" in names or "in_transition" in names:
            users.append(str(relative))

    assert sorted(users) == ["editorial/models.py", "editorial/workflow.py"]
