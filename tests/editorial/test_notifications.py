"""Workflow mail: the right people hear about each transition, after it commits, and a failing mail undoes nothing."""

import contextlib
import datetime
import logging

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editorial import workflow
from editorial.models import ReviewState
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks, run_tasks):
    """Commit as a real commit would, inside the test's transaction, then let the worker run what was queued.

    Mail queued before the block (the steps that set up the test) is sent and forgotten first.
    """

    @contextlib.contextmanager
    def run():
        run_tasks()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks
        run_tasks()

    return run


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_submitting_mails_every_licensed_reviewer_a_link_to_the_admin_page(on_commit):
    writer = factories.make_writer()
    reviewers = [factories.make_reviewer(), factories.make_reviewer()]
    factories.make_reviewer(licence_expiry=timezone.localdate() - datetime.timedelta(days=1))
    article = factories.make_article(user=writer, title="Low-dose naltrexone")

    with on_commit():
        workflow.submit(article, user=writer, note="Ready for review.")

    assert recipients() == sorted(user.email for user in reviewers)
    message = mail.outbox[0]
    assert message.subject == "Waiting for medical review: Low-dose naltrexone"
    assert reverse("admin:articles_article_change", args=[article.pk]) in message.body
    assert "Ready for review." in message.body


def test_each_reviewer_gets_their_own_message_so_addresses_are_not_shared(on_commit):
    factories.make_reviewer(), factories.make_reviewer()
    article = factories.make_article()

    with on_commit():
        workflow.submit(article, user=article.draft_updated_by)

    assert [len(message.to) for message in mail.outbox] == [1, 1]
    assert all(not message.cc and not message.bcc for message in mail.outbox)


@pytest.mark.parametrize("outcome", ["approve", "request_changes"])
def test_review_outcome_mails_the_writer_who_submitted(on_commit, outcome):
    writer, reviewer = factories.make_writer(), factories.make_reviewer()
    article = factories.make_article(user=writer, title="Crohn's disease")
    workflow.submit(article, user=writer)

    with on_commit():
        if outcome == "approve":
            workflow.approve(article, user=reviewer, note="Accurate.")
        else:
            workflow.request_changes(article, user=reviewer, note="Say IBS is not an IBD.")

    assert recipients() == [writer.email]
    subject = {
        "approve": "Medically approved: Crohn's disease",
        "request_changes": "Changes requested: Crohn's disease",
    }
    assert mail.outbox[0].subject == subject[outcome]
    assert ("Say IBS is not an IBD." in mail.outbox[0].body) == (outcome == "request_changes")


def test_publishing_mails_the_writer_and_the_reviewer(on_commit):
    writer, reviewer, editor = factories.make_writer(), factories.make_reviewer(), factories.make_editor()
    article = factories.make_article(user=writer)
    factories.approve_draft(article, reviewer=reviewer)

    with on_commit():
        workflow.publish(article, user=editor)

    assert recipients() == sorted([writer.email, reviewer.email])
    assert article.get_absolute_url() in mail.outbox[0].body


def test_no_mail_leaves_before_the_transaction_commits_or_when_it_rolls_back(on_commit):
    factories.make_reviewer()
    article = factories.make_article()

    with on_commit(), pytest.raises(RuntimeError), transaction.atomic():
        workflow.submit(article, user=article.draft_updated_by)
        assert mail.outbox == []
        raise RuntimeError("something later in the request failed")

    assert mail.outbox == []
    assert Article.objects.get(pk=article.pk).review_state == ReviewState.DRAFT


def test_a_failing_mail_server_does_not_undo_the_transition_and_logs_no_personal_data(on_commit, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1  # nothing listens there
    reviewer = factories.make_reviewer()
    article = factories.make_article()

    with caplog.at_level(logging.WARNING, logger="jobs.delivery"), on_commit():
        workflow.submit(article, user=article.draft_updated_by)

    assert Article.objects.get(pk=article.pk).review_state == ReviewState.IN_REVIEW
    assert "Workflow mail, event #" in caplog.text and "failed (attempt 1): ConnectionRefusedError" in caplog.text
    assert reviewer.email not in caplog.text and article.title not in caplog.text


def test_the_person_acting_is_not_mailed_about_their_own_action(on_commit):
    editor = factories.make_editor()
    article = factories.make_article(user=editor)
    factories.approve_draft(article)

    with on_commit():
        workflow.publish(article, user=editor)

    assert editor.email not in recipients()


def test_a_writer_whose_account_was_deactivated_is_not_mailed(on_commit):
    writer, reviewer = factories.make_writer(), factories.make_reviewer()
    article = factories.make_article(user=writer)
    workflow.submit(article, user=writer)
    writer.is_active = False
    writer.save(update_fields=["is_active"])

    with on_commit():
        workflow.request_changes(article, user=reviewer, note="Cite the dosing study.")

    assert writer.email not in recipients()


def test_submitting_a_page_without_medical_claims_mails_the_editors_who_approve_it(on_commit):
    reviewer, editor = factories.make_reviewer(), factories.make_editor()
    page = factories.make_site_page(kind="about", makes_medical_claims=False)

    with on_commit():
        workflow.submit(page, user=page.draft_updated_by)

    assert editor.email in recipients() and reviewer.email not in recipients()


@pytest.mark.parametrize("outcome", ["approve", "request_changes"])
def test_a_page_an_editor_reviews_is_never_called_medically_reviewed_in_its_mail(on_commit, outcome):
    writer, editors = factories.make_writer(), [factories.make_editor(), factories.make_editor()]
    page = factories.make_site_page(kind="about", title="About us", makes_medical_claims=False, user=writer)

    with on_commit():
        workflow.submit(page, user=writer)

    assert recipients() == sorted(editor.email for editor in editors)
    assert {message.subject for message in mail.outbox} == {"Waiting for editorial review: About us"}
    assert "sent for editorial review" in mail.outbox[0].body

    with on_commit():
        if outcome == "approve":
            workflow.approve(page, user=editors[0], note="Reads well.")
        else:
            workflow.request_changes(page, user=editors[0], note="Name the founders.")

    [message] = mail.outbox
    expected = {
        "approve": ("Approved by an editor: About us", "An editor approved the site page"),
        "request_changes": ("Changes requested: About us", "An editor asked for changes to the site page"),
    }[outcome]
    assert (message.subject, message.body.split(' "')[0]) == expected
    assert "medical" not in message.body.lower()
