"""editorial reads review comments only through what the comments app registered (editorial/review_comments.py)."""

import pytest

from comments.models import add_comment
from editorial import queues, review_comments, views
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_comments_app_supplies_the_open_comments_editorial_shows():
    article = factories.make_article()
    comment = add_comment(article, text="Cite the 2023 guideline.", user=factories.make_writer())

    item = queues.QueueItem(obj=article, when=None)
    queues.count_open_comments([item])

    assert item.open_comments == 1
    assert [pk for pk, _ in views.comment_choices(article)] == [comment.pk]
    assert "Cite the 2023 guideline." in views.note_with_comments(article, "Fix the sources.", [comment.pk])


def test_without_a_registered_source_no_page_has_open_comments(monkeypatch):
    article = factories.make_article()
    comment = add_comment(article, text="Cite the 2023 guideline.", user=factories.make_writer())
    monkeypatch.setattr(review_comments, "registered", [])

    item = queues.QueueItem(obj=article, when=None)
    queues.count_open_comments([item])

    assert item.open_comments == 0
    assert views.comment_choices(article) == []
    assert views.note_with_comments(article, "Fix the sources.", [comment.pk]) == "Fix the sources."
