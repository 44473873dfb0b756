"""What the workflow announces (editorial/signals.py), to whom it does not know, and when: in or after the transaction."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from editorial import signals, workflow
from editorial.models import LiveStatus, ReviewEvent
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """Listen to a signal for the rest of the test; return the list of what each sending carried."""
    connected = []

    def listen(signal):
        calls = []

        def receiver(sender, **kwargs):
            calls.append({"sender": sender, **kwargs})

        signal.connect(receiver, weak=False)
        connected.append((signal, receiver))
        return calls

    yield listen
    for signal, receiver in connected:
        signal.disconnect(receiver)


def test_publishing_announces_the_page_and_its_event(heard):
    published = heard(signals.page_published)
    article = factories.make_article()

    factories.publish(article)

    [call] = published
    assert call["sender"] is Article
    assert call["instance"].pk == article.pk
    assert call["instance"].live_status == LiveStatus.LIVE
    assert call["event"].action == ReviewEvent.Action.PUBLISH


def test_unpublishing_announces_the_page_and_its_event(heard):
    unpublished = heard(signals.page_unpublished)
    article = factories.make_live_article()

    workflow.unpublish(article, user=factories.make_editor(), note="Outdated")

    [call] = unpublished
    assert (call["sender"], call["instance"].pk, call["event"].action) == (
        Article,
        article.pk,
        ReviewEvent.Action.UNPUBLISH,
    )


def test_a_receiver_that_fails_undoes_the_publication_it_was_told_of():
    def broken(sender, **kwargs):
        raise RuntimeError("receiver failed")

    article = factories.make_article()
    factories.approve_draft(article)
    signals.page_published.connect(broken, weak=False)
    try:
        with pytest.raises(RuntimeError):
            workflow.publish(article, user=factories.make_editor())
    finally:
        signals.page_published.disconnect(broken)

    assert Article.objects.get(pk=article.pk).live_status != LiveStatus.LIVE
    assert not ReviewEvent.objects.filter(action=ReviewEvent.Action.PUBLISH).exists()


def test_public_content_changed_is_sent_only_once_the_publication_commits(heard, django_capture_on_commit_callbacks):
    changed = heard(signals.public_content_changed)
    article = factories.make_article()
    factories.approve_draft(article)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.publish(article, user=factories.make_editor())
    assert changed == []

    for callback in callbacks:
        callback()
    assert [(call["sender"], call["instance"].pk) for call in changed] == [(Article, article.pk)]


def test_a_refused_transition_announces_nothing(heard, django_capture_on_commit_callbacks):
    changed, published = heard(signals.public_content_changed), heard(signals.page_published)
    article = factories.make_article()  # a draft nobody approved

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(workflow.WorkflowError):
        workflow.publish(article, user=factories.make_editor())

    assert (changed, published) == ([], [])


def test_scheduled_publish_and_unpublish_announce_like_the_buttons(heard, django_capture_on_commit_callbacks):
    published, unpublished = heard(signals.page_published), heard(signals.page_unpublished)
    changed = heard(signals.public_content_changed)
    article = factories.make_article()
    factories.approve_draft(article)
    soon = timezone.now() + datetime.timedelta(minutes=5)
    workflow.publish(article, user=factories.make_editor(), at=soon)
    assert published == []

    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply_due_schedules(Article, now=soon)
    article.refresh_from_db()
    workflow.unpublish(article, user=factories.make_editor(), at=soon + datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply_due_schedules(Article, now=soon + datetime.timedelta(days=1))

    assert [call["instance"].pk for call in published + unpublished] == [article.pk, article.pk]
    assert len(changed) == 2


def test_slug_changed_names_the_address_last_published_and_only_when_it_changed(heard):
    moved = heard(signals.slug_changed)
    article = factories.make_live_article(slug="first")  # first publish: no old address
    article.title = "Same address, new title"
    workflow.save_draft(article, user=factories.make_writer())
    factories.publish(article)
    assert moved == []

    article.slug = "second"
    workflow.save_draft(article, user=factories.make_writer())
    factories.publish(article)

    [call] = moved
    assert (call["sender"], call["instance"].slug, call["old_slug"]) == (Article, "second", "first")
