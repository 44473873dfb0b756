"""The staff mail is queued with the request, says only that a request arrived, and goes only to intake staff."""

import pytest
from django.core import mail

from contact.models import ContactRequest
from contact.notifications import notify_new_request
from tests import factories
from tests.queued import queued_tasks

pytestmark = pytest.mark.django_db

PRIVATE = ("Jordan", "Example", "jordan@example.org", "212", "555", "opioid", "overdose", "relapse", "Myself")


def test_new_request_mail_carries_no_personal_or_health_details(submit):
    factories.make_intake("ines")

    submit(message="I relapsed on opioids and overdosed last week.")

    sent = mail.outbox[0]
    message = sent.message()
    del message["Message-ID"], message["Date"]  # random digits could spell "555"
    raw = message.as_string()
    for private in PRIVATE:
        assert private not in raw
    assert sent.subject == "URGENT: new contact request"
    assert "/admin/contact/contactrequest/" in sent.body


def test_the_queued_task_holds_only_the_request_id(client, form_data, django_capture_on_commit_callbacks):
    factories.make_intake("ines")

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/contact/", form_data(message="I relapsed on opioids."))

    assert queued_tasks() == [("contact.tasks.send_new_request_mail", [ContactRequest.objects.get().pk])]


def test_mail_links_to_the_request_in_the_admin(settings, run_tasks, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://recovery.example"
    factories.make_intake("ines")
    request = factories.make_contact_request()

    with django_capture_on_commit_callbacks(execute=True):
        notify_new_request(request.pk)
    run_tasks()

    assert mail.outbox[0].subject == "New contact request"
    assert f"https://recovery.example/admin/contact/contactrequest/{request.pk}/change/" in mail.outbox[0].body


def test_mail_goes_only_to_active_intake_staff(run_tasks, django_capture_on_commit_callbacks):
    factories.make_intake("ines")
    inactive = factories.make_intake("gone")
    inactive.is_active = False
    inactive.save()
    factories.make_editor("eddie")
    factories.make_user("root", is_superuser=True)

    with django_capture_on_commit_callbacks(execute=True):
        notify_new_request(factories.make_contact_request().pk)
    run_tasks()

    assert [message.to for message in mail.outbox] == [["ines@example.org"]]


def test_spam_sends_no_mail(submit):
    factories.make_intake()

    submit(extra_details="http://spam.example")

    assert mail.outbox == []


def test_mail_about_a_spanish_request_names_the_language_and_nothing_about_the_person(
    client, form_data, django_capture_on_commit_callbacks, run_tasks
):
    factories.make_intake("ines")

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/es/contact/", form_data(message="Recaí con los opioides."))
    run_tasks()

    sent = mail.outbox[0]
    message = sent.message()
    del message["Message-ID"], message["Date"]  # random digits could spell "555"
    raw = message.as_string()
    assert "Language: Spanish." in sent.body
    for private in (*PRIVATE, "Recaí", "opioides"):
        assert private not in raw


def test_mail_about_an_english_request_does_not_mention_language(submit):
    factories.make_intake("ines")

    submit()

    assert "Language" not in mail.outbox[0].body
