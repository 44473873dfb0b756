"""Sending webhooks (api/tasks.py, api/webhooks.py): signed, retried with backoff, every attempt recorded.

Partners' receivers are real HTTP servers on this machine (tests/webhook_receivers.py); the worker's schedule is
driven by moving a fake clock and running what is due, never by sleeping.
"""

import datetime
import hashlib
import hmac
import json
import time

import pytest
import time_machine
from django.utils import timezone

from api.models import DeliveryState, WebhookAttempt, WebhookDelivery
from editorial import workflow
from tests import factories

pytestmark = pytest.mark.django_db


def verify(secret: str, headers, body: bytes, tolerance: int = 300) -> bool:
    """The recipe README gives partners, line for line ("Partner keys, rate limits and webhooks")."""
    timestamp = headers["X-Recovery-Timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False  # an old delivery replayed
    signed = timestamp.encode() + b"." + body  # the raw body, before any JSON parsing
    expected = "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers["X-Recovery-Signature"])


@pytest.fixture
def clock():
    """Run the worker at given minutes after a start: ``clock.run(minutes)``."""

    class Clock:
        start = timezone.now()

        def __init__(self) -> None:
            self.traveller = time_machine.travel(self.start, tick=False)
            self.traveller.start()

        def at(self, minutes: float) -> None:
            self.traveller.stop()
            self.traveller = time_machine.travel(self.start + datetime.timedelta(minutes=minutes), tick=False)
            self.traveller.start()

    made = Clock()
    yield made
    made.traveller.stop()


def test_a_delivery_arrives_signed_with_its_id_event_and_timestamp(site, receivers, run_tasks, clock):
    receiver = receivers().start()
    subscription = factories.make_subscription(receiver.url, on_published=False)

    workflow.unpublish(site["article"], user=factories.make_editor())
    run_tasks()

    [(headers, body)] = receiver.received
    delivery = WebhookDelivery.objects.get()
    assert verify(subscription.secret, headers, body)
    assert not verify(subscription.secret + "x", headers, body)
    assert not verify(subscription.secret, headers, body.replace(b"unpublished", b"published"))
    clock.at(6)
    assert not verify(subscription.secret, headers, body)  # replayed six minutes later
    assert headers["X-Recovery-Delivery"] == str(delivery.pk) == json.loads(body)["id"]
    assert headers["X-Recovery-Event"] == "unpublished"
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Recovery-Timestamp"] == str(int(clock.start.timestamp()))
    assert json.loads(body)["page"]["id"] == site["article"].pk
    assert delivery.state == DeliveryState.DELIVERED
    assert delivery.delivered_at == clock.start


def test_an_unpublish_reaches_every_partner_after_their_endpoints_were_down_for_an_hour(
    site, receivers, run_tasks, clock
):
    closed = receivers()  # its server is not running: connections are refused
    failing = receivers(status=503).start()
    publish_only = receivers().start()
    subscriptions = [factories.make_subscription(receiver.url) for receiver in (closed, failing)]
    factories.make_subscription(publish_only.url, on_unpublished=False)

    workflow.unpublish(site["article"], user=factories.make_editor())
    # The worker runs each minute; retries are due at 1, 6, 21 and 51 minutes, then at 111.
    for minutes in range(70):
        clock.at(minutes)
        run_tasks()
    assert WebhookDelivery.objects.filter(state=DeliveryState.DELIVERED).count() == 0

    closed.start()
    failing.status = 200
    for minutes in range(70, 115):
        clock.at(minutes)
        run_tasks()

    for receiver, subscription in zip((closed, failing), subscriptions, strict=True):
        headers, body = receiver.received[-1]
        assert json.loads(body)["event"] == "unpublished"
        assert verify(subscription.secret, headers, body)
    assert publish_only.received == []
    answered = WebhookAttempt.objects.filter(delivery__subscription=subscriptions[1]).order_by("number")
    assert [attempt.status_code for attempt in answered] == [503, 503, 503, 503, 503, 200]
    assert len(closed.received) == 1
    refused = WebhookAttempt.objects.filter(delivery__subscription=subscriptions[0]).order_by("number")
    assert [attempt.error for attempt in refused] == ["ConnectionRefusedError"] * 5 + [""]
    assert [round((a.at - clock.start).total_seconds() / 60) for a in refused] == [0, 1, 6, 21, 51, 111]
    assert WebhookDelivery.objects.filter(state=DeliveryState.DELIVERED).count() == 2


def test_a_delivery_still_refused_when_its_retries_are_spent_is_marked_failed(
    site, receivers, run_tasks, clock, settings
):
    settings.WEBHOOK_RETRY_DELAYS = (60, 300)
    receiver = receivers(status=500).start()
    factories.make_subscription(receiver.url)

    workflow.unpublish(site["article"], user=factories.make_editor())
    for minutes in (0, 1, 6, 30, 600):
        clock.at(minutes)
        run_tasks()

    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts, len(receiver.received)) == (DeliveryState.FAILED, 3, 3)
    assert delivery.next_attempt_at is None


def test_a_redirect_is_not_followed_and_counts_as_a_failed_attempt(site, receivers, run_tasks, clock):
    elsewhere = receivers().start()
    redirecting = receivers(status=307, location=elsewhere.url).start()
    factories.make_subscription(redirecting.url)

    workflow.unpublish(site["article"], user=factories.make_editor())
    run_tasks()

    assert len(redirecting.received) == 1
    assert elsewhere.received == []
    assert WebhookAttempt.objects.get().status_code == 307
    assert WebhookDelivery.objects.get().state == DeliveryState.PENDING


def test_a_local_address_is_refused_when_sending_unless_local_receivers_are_allowed(
    site, receivers, run_tasks, clock, settings
):
    receiver = receivers().start()
    factories.make_subscription(receiver.url)  # stored while allowed (as under DEBUG)
    settings.WEBHOOK_ALLOW_LOCAL = False

    workflow.unpublish(site["article"], user=factories.make_editor())
    run_tasks()

    assert receiver.received == []
    assert WebhookAttempt.objects.get().error == "RefusedAddress"


def test_a_task_run_again_after_delivery_sends_nothing_more(site, receivers, run_tasks, clock):
    from api.tasks import send_webhook

    receiver = receivers().start()
    factories.make_subscription(receiver.url)
    workflow.unpublish(site["article"], user=factories.make_editor())
    run_tasks()

    send_webhook.call(str(WebhookDelivery.objects.get().pk))

    assert len(receiver.received) == 1
