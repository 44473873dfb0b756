"""`manage.py send_review_reminders`: a digest of overdue medical reviews for reviewers and editors."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from editorial import workflow
from tests import factories

pytestmark = pytest.mark.django_db


def test_digest_lists_overdue_live_pages_and_goes_to_reviewers_and_editors_one_message_each():
    with time_machine.travel(timezone.now() - datetime.timedelta(days=400), tick=False):
        overdue = factories.make_live_condition(name="Fibromyalgia")
    factories.make_live_article(title="Reviewed recently")
    reviewer, editor = factories.make_reviewer(), factories.make_editor()
    expired = factories.make_reviewer(licence_expiry=timezone.localdate() - datetime.timedelta(days=1))
    writer, intake = factories.make_writer(), factories.make_intake()
    mail.outbox.clear()

    call_command("send_review_reminders", stdout=StringIO())

    recipients = [address for message in mail.outbox for address in message.to]
    assert len(recipients) == len(mail.outbox) == len(set(recipients))
    assert {reviewer.email, editor.email} <= set(recipients)
    assert not {expired.email, writer.email, intake.email} & set(recipients)
    message = mail.outbox[0]
    assert message.subject == "1 page due for medical review"
    assert "Fibromyalgia" in message.body and "Reviewed recently" not in message.body
    assert reverse("admin:conditions_condition_change", args=[overdue.pk]) in message.body


def test_no_digest_is_sent_when_nothing_is_due():
    factories.make_live_article()
    factories.make_editor()
    mail.outbox.clear()
    out = StringIO()

    call_command("send_review_reminders", stdout=out)

    assert mail.outbox == []
    assert "nothing sent" in out.getvalue()


def test_unpublished_pages_are_not_in_the_digest():
    with time_machine.travel(timezone.now() - datetime.timedelta(days=400), tick=False):
        article = factories.make_live_article(title="Withdrawn")
    workflow.unpublish(article, user=factories.make_editor())
    mail.outbox.clear()

    call_command("send_review_reminders", stdout=StringIO())

    assert mail.outbox == []
