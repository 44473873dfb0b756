import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from contact.models import ContactNote, ContactRequest, ContactView, Status
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests_of_all_ages(settings):
    settings.CONTACT_RETENTION_DAYS = 365
    long_ago = timezone.now() - datetime.timedelta(days=400)
    recently = timezone.now() - datetime.timedelta(days=30)
    old_closed = factories.make_contact_request(status=Status.CLOSED, outcome="admitted")
    ContactRequest.objects.filter(pk=old_closed.pk).update(created_at=long_ago, closed_at=long_ago)
    ContactNote.objects.create(request=old_closed, text="Called back.")
    ContactView.objects.create(request=old_closed)
    return {
        "old_closed": old_closed,
        "old_spam": factories.make_contact_request(status=Status.SPAM, created_at=long_ago),
        "recently_closed": factories.make_contact_request(
            status=Status.CLOSED, outcome="declined", created_at=long_ago, closed_at=recently
        ),
        "old_but_open": factories.make_contact_request(status=Status.IN_PROGRESS, created_at=long_ago),
        "new": factories.make_contact_request(),
    }


def run(*args) -> str:
    out = io.StringIO()
    call_command("purge_contact_requests", *args, stdout=out)
    return out.getvalue()


def test_purge_deletes_closed_and_spam_requests_past_retention_with_their_notes_and_views(requests_of_all_ages):
    output = run()

    remaining = set(ContactRequest.objects.values_list("pk", flat=True))
    expected = {requests_of_all_ages[name].pk for name in ("recently_closed", "old_but_open", "new")}
    assert remaining == expected
    assert ContactNote.objects.count() == 0
    assert ContactView.objects.count() == 0
    assert "Deleted 2 closed or spam contact request(s) older than 365 days." in output


def test_dry_run_reports_the_count_and_deletes_nothing(requests_of_all_ages):
    output = run("--dry-run")

    assert "Would delete 2 closed or spam contact request(s)" in output
    assert ContactRequest.objects.count() == 5


def test_retention_comes_from_the_setting(requests_of_all_ages, settings):
    settings.CONTACT_RETENTION_DAYS = 7

    assert "Deleted 3" in run()


def test_purge_can_run_again_safely(requests_of_all_ages):
    run()

    assert "Deleted 0" in run()


def test_retention_below_one_day_is_refused(requests_of_all_ages):
    with pytest.raises(CommandError, match="at least one day"):
        run("--days", "0")
