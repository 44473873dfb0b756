"""Review comments' rules: what a comment can be about, which draft it belongs to, resolving, counting."""

import pytest

from comments.models import Comment, add_comment, open_counts, resolve, targets
from editorial import workflow
from tests import factories

pytestmark = pytest.mark.django_db


def test_targets_are_the_title_summary_each_section_and_each_source_of_the_draft():
    article = factories.make_article(
        body="<h2>How it works</h2><p>x</p><h2>Dosing <em>at night</em></h2><p>y</p>",
        sources=[{"title": "Younger 2009"}, {"title": "Cree 2010"}],
    )

    assert targets(article) == [
        ("", "The page as a whole"),
        ("title", "Title"),
        ("summary", "Summary"),
        ("section:how-it-works", "Section “How it works”"),
        ("section:dosing-at-night", "Section “Dosing at night”"),
        ("source:1", "Source 1: Younger 2009"),
        ("source:2", "Source 2: Cree 2010"),
    ]


def test_condition_targets_use_its_name_field():
    condition = factories.make_condition()

    assert ("name", "Name") in targets(condition)


def test_comment_keeps_the_draft_fingerprint_and_the_last_revision_number():
    article = factories.make_live_article()
    article.summary = "Changed."
    workflow.save_draft(article, user=article.draft_updated_by)

    comment = add_comment(article, text="Shorter, please.", target="summary", user=factories.make_reviewer())

    assert comment.draft_fingerprint == article.draft_fingerprint
    assert comment.revision_number == 1
    assert comment.target_label == "Summary"


def test_comment_on_an_unknown_part_is_about_the_whole_page():
    article = factories.make_article()

    comment = add_comment(article, text="Hmm.", target="section:not-there", user=factories.make_writer())

    assert (comment.target, comment.target_label) == ("", "")


def test_reply_joins_its_thread_target():
    article = factories.make_article(sources=[{"title": "A study"}])
    thread = add_comment(article, text="Check the year.", target="source:1", user=factories.make_reviewer())

    reply = add_comment(article, text="Fixed.", user=factories.make_writer(), parent=thread)

    assert (reply.parent, reply.target, reply.target_label) == (thread, "source:1", "Source 1: A study")


def test_resolving_a_thread_closes_its_replies_and_leaves_the_count():
    article = factories.make_article()
    writer = article.draft_updated_by
    thread = add_comment(article, text="One.", user=writer)
    add_comment(article, text="Reply.", user=writer, parent=thread)
    add_comment(article, text="Two.", user=writer)
    assert open_counts([article]) == {(article.content_type.pk, article.pk): 2}

    resolve(thread, user=writer)

    assert open_counts([article]) == {(article.content_type.pk, article.pk): 1}
    assert Comment.objects.filter(resolved_at__isnull=False, resolved_by=writer).count() == 2


def test_guest_comment_names_its_author_as_an_outside_reviewer():
    article = factories.make_article()

    comment = add_comment(article, text="Looks right.", guest_name="  Dr Sample ")

    assert comment.author == "Dr Sample (outside reviewer)"
    assert comment.user is None
