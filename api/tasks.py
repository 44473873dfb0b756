"""Webhook sending, run by the worker (docs/architecture.md, "Partner keys, limits and webhooks").

Each failed attempt is tried again after the next of ``WEBHOOK_RETRY_DELAYS`` (1 min, 5 min, 15 min, 30 min, 1 h,
2 h, 4 h, 8 h: about sixteen hours in all), then the delivery is marked failed; superusers see every attempt and
may send a delivery again from the admin.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from jobs.delivery import enqueue

from . import webhooks
from .models import DeliveryState, WebhookDelivery


@task()
def send_webhook(delivery_id: str, attempt: int = 1) -> None:
    """Try to send one delivery; on failure queue the next attempt, or mark it failed when retries are spent."""
    delivery = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None or delivery.state != DeliveryState.PENDING:
        return  # delivered already (a task run twice), or given up on and not sent again by hand
    if webhooks.attempt(delivery, attempt):
        return
    delays = settings.WEBHOOK_RETRY_DELAYS
    if attempt > len(delays):
        WebhookDelivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.FAILED)
        return
    run_after = timezone.now() + datetime.timedelta(seconds=delays[attempt - 1])
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=run_after)
    enqueue(send_webhook.using(run_after=run_after), delivery_id, attempt=attempt + 1)
