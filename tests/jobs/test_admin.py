"""Failed notifications in the admin: superusers only, no personal data, one button to try again."""

import pytest
from django.core import mail

from contact.tasks import send_new_request_mail
from jobs.models import FailedNotification
from tests import factories
from tests.queued import queued_tasks

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/jobs/failednotification/"


@pytest.fixture
def failed():
    request = factories.make_contact_request(name="Jordan Example", message="I overdosed last week.")
    return FailedNotification.objects.create(
        description=f"New contact request #{request.pk}",
        task_path=send_new_request_mail.module_path,
        args=[request.pk],
        attempts=8,
        error="ConnectionRefusedError",
    )


def test_superusers_see_failed_notifications_without_personal_data(client, failed):
    factories.login_staff(client, factories.make_user("root", is_superuser=True, is_staff=True))

    page = client.get(CHANGELIST).content.decode()

    assert failed.description in page and "ConnectionRefusedError" in page
    assert "Jordan" not in page and "overdosed" not in page


@pytest.mark.parametrize("make", [factories.make_intake, factories.make_editor])
def test_other_staff_cannot_see_them(client, failed, make):
    user = make()
    user.is_staff = True
    user.save()
    factories.login_staff(client, user)

    assert client.get(CHANGELIST).status_code == 403
    assert "Failed notifications" not in client.get("/admin/").content.decode()


def test_retry_queues_the_notification_again_and_the_worker_sends_it(
    client, failed, run_tasks, django_capture_on_commit_callbacks
):
    factories.make_intake("ines")
    factories.login_staff(client, factories.make_user("root", is_superuser=True, is_staff=True))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CHANGELIST, {"action": "retry", "_selected_action": [failed.pk]}, follow=True)

    assert "1 notification(s) queued again." in response.content.decode()
    assert not FailedNotification.objects.exists()
    assert queued_tasks() == [("contact.tasks.send_new_request_mail", [failed.args[0]])]
    run_tasks()
    assert [message.to for message in mail.outbox] == [["ines@example.org"]]
