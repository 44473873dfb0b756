"""The staff mail says only that a request arrived, and goes only to active intake staff."""

import pytest
from django.core import mail

from contact.notifications import notify_new_request
from tests import factories

pytestmark = pytest.mark.django_db


def test_new_request_mail_carries_no_personal_or_health_details(submit):
    factories.make_intake("ines")

    submit(message="I relapsed on opioids and overdosed last week.")

    sent = mail.outbox[0]
    text = sent.subject + sent.body + "".join(str(part) for part in sent.alternatives)
    for private in ("Jordan", "Example", "jordan@example.org", "212", "555", "opioid", "overdose", "relapse", "Myself"):
        assert private not in text
    assert sent.subject == "URGENT: new contact request"
    assert "/admin/contact/contactrequest/" in sent.body


def test_mail_links_to_the_request_in_the_admin(settings):
    settings.SITE_URL = "https://recovery.example"
    factories.make_intake("ines")
    request = factories.make_contact_request()

    notify_new_request(request.pk)

    assert mail.outbox[0].subject == "New contact request"
    assert f"https://recovery.example/admin/contact/contactrequest/{request.pk}/change/" in mail.outbox[0].body


def test_mail_goes_only_to_active_intake_staff():
    factories.make_intake("ines")
    inactive = factories.make_intake("gone")
    inactive.is_active = False
    inactive.save()
    factories.make_editor("eddie")
    factories.make_user("root", is_superuser=True)

    notify_new_request(factories.make_contact_request().pk)

    assert mail.outbox[0].to == ["ines@example.org"]


def test_spam_sends_no_mail(submit):
    factories.make_intake()

    submit(extra_details="http://spam.example")

    assert mail.outbox == []
