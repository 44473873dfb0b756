import datetime
import uuid

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from contact.models import ContactRequest, Status
from tests import factories

pytestmark = pytest.mark.django_db


def test_first_contact_time_is_recorded_once_when_work_starts():
    received = timezone.now()
    request = factories.make_contact_request(created_at=received)
    assert request.first_contacted_at is None

    with time_machine.travel(received + datetime.timedelta(hours=2), tick=False):
        request.status = Status.CONTACTED
        request.save()
    with time_machine.travel(received + datetime.timedelta(hours=5), tick=False):
        request.status = Status.IN_PROGRESS
        request.save()

    assert request.time_to_first_contact == datetime.timedelta(hours=2)


def test_closing_records_the_time_and_reopening_clears_it():
    request = factories.make_contact_request(status=Status.CLOSED, outcome="admitted")
    assert request.closed_at is not None

    request.status, request.outcome = Status.IN_PROGRESS, ""
    request.save()

    assert request.closed_at is None


def test_closing_needs_an_outcome():
    request = factories.make_contact_request(status=Status.CLOSED)

    with pytest.raises(ValidationError, match="Choose the outcome"):
        request.full_clean()


def test_an_outcome_belongs_only_to_a_closed_request():
    request = factories.make_contact_request(status=Status.CONTACTED, outcome="referred")

    with pytest.raises(ValidationError, match="set the status to Closed"):
        request.full_clean()


def test_string_form_shows_no_personal_data():
    request = factories.make_contact_request(name="Jordan Example")

    assert str(request) == f"Request #{request.pk}"


@pytest.mark.parametrize(
    ("token", "reference"),
    [
        ("00000000-0100-4000-8000-000000000000", "0000-0001"),
        ("08421084-2100-4000-8000-000000000000", "1111-1111"),
        ("ffffffff-ffff-4fff-bfff-ffffffffffff", "ZZZZ-ZZZZ"),
    ],
)
def test_reference_is_eight_unambiguous_characters_taken_from_the_token(token, reference):
    request = factories.make_contact_request(token=uuid.UUID(token))

    assert request.reference == reference
    assert ContactRequest.objects.get(reference=reference) == request


def test_queue_leaves_out_spam():
    kept = factories.make_contact_request()
    factories.make_contact_request(status=Status.SPAM)

    assert list(ContactRequest.objects.queue()) == [kept]
