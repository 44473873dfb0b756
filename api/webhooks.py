"""Tell partners when a page is published, updated, corrected or withdrawn.

docs/architecture.md, "Partner keys, limits and webhooks", says why.

``record`` runs inside the publishing transaction (a receiver of editorial's signals): one ``WebhookDelivery`` per
matching subscription and its send task, both written with the change, so a rolled-back publish sends nothing and
a committed one is sent however long the worker or the partner is away. ``send`` makes one attempt: signed body,
short timeout, no redirects followed, the connection pinned to an address that was checked.
"""

import datetime
import hashlib
import hmac
import json
import logging
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from editorial.linkcheck import NotChecked, PinnedHTTPConnection, PinnedHTTPSConnection
from editorial.models import NoteKind, ReviewedContent, ReviewEvent, Revision
from jobs.delivery import enqueue

from .addresses import target
from .models import DeliveryState, Event, WebhookAttempt, WebhookDelivery, WebhookSubscription

logger = logging.getLogger(__name__)

USER_AGENT = "RecoverySite-Webhooks/1.0"
# The API detail route and the field in its address, per page type.
API_ROUTES = {"article": ("api:article-detail", "slug"), "condition": ("api:condition-detail", "slug")}
API_ROUTES["sitepage"] = ("api:page-detail", "kind")


def signature(secret: str, timestamp: str, body: str) -> str:
    """Return the hex HMAC-SHA256 of "<timestamp>.<body>" under the subscription's secret."""
    return hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()


def latest_revision(page: ReviewedContent) -> Revision | None:
    return Revision.objects.filter(content_type=page.content_type, object_id=page.pk).order_by("-number").first()


def publish_event(page: ReviewedContent, revision: Revision | None, event: ReviewEvent) -> Event:
    """Name what a publication was: a correction, a first (or renewed) publication, or an update."""
    if revision and revision.note_kind == NoteKind.CORRECTION:
        return Event.CORRECTED
    before = (
        ReviewEvent.objects.filter(
            content_type=page.content_type,
            object_id=page.pk,
            action__in=[ReviewEvent.Action.PUBLISH, ReviewEvent.Action.UNPUBLISH],
        )
        .exclude(pk=event.pk)
        .order_by("-created_at", "-pk")
        .values_list("action", flat=True)
        .first()
    )
    return Event.UPDATED if before == ReviewEvent.Action.PUBLISH else Event.PUBLISHED


def body_of(page: ReviewedContent, name: Event, revision: Revision | None, occurred_at: datetime.datetime) -> dict:
    page_type = page._meta.model_name or ""
    route, field = API_ROUTES[page_type]
    return {
        "event": name.value,
        "occurred_at": occurred_at.isoformat(),
        "page": {
            "type": page_type,
            "id": page.pk,
            "url": settings.SITE_URL + page.get_absolute_url(),  # type: ignore[attr-defined]
            "api_url": settings.SITE_URL + reverse(route, kwargs={field: getattr(page, field)}),
            "revision": revision.number if revision else None,
        },
    }


def listening() -> list[WebhookSubscription]:
    """Return the active subscriptions of unrevoked keys: one query, and the only one when there are none."""
    return list(WebhookSubscription.objects.filter(active=True, key__revoked_at=None))


def record(
    page: ReviewedContent,
    name: Event,
    revision: Revision | None,
    occurred_at: datetime.datetime,
    subscriptions: list[WebhookSubscription],
) -> int:
    """Write a delivery (and queue its sending) for each of ``subscriptions`` that asked for this event."""
    from .tasks import send_webhook  # the task module imports this one

    count = 0
    for subscription in subscriptions:
        if not getattr(subscription, f"on_{name.value}"):
            continue
        delivery_id = uuid.uuid4()
        body = {"id": str(delivery_id), **body_of(page, name, revision, occurred_at)}
        WebhookDelivery.objects.create(
            id=delivery_id,
            subscription=subscription,
            event=name,
            body=json.dumps(body, sort_keys=True),
            created_at=occurred_at,
        )
        enqueue(send_webhook, str(delivery_id))
        count += 1
    return count


def post(delivery: WebhookDelivery, now: datetime.datetime) -> int:
    """Send the delivery once; return the status the partner answered (raise on a refused address or I/O)."""
    subscription = delivery.subscription
    timestamp = str(int(now.timestamp()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Recovery-Event": delivery.event,
        "X-Recovery-Delivery": str(delivery.pk),
        "X-Recovery-Timestamp": timestamp,
        "X-Recovery-Signature": "sha256=" + signature(subscription.secret, timestamp, delivery.body),
    }
    hop = target(subscription.url)
    connection = (PinnedHTTPSConnection if hop.scheme == "https" else PinnedHTTPConnection)(hop)
    connection.timeout = settings.WEBHOOK_TIMEOUT_SECONDS
    try:
        connection.request("POST", hop.path, body=delivery.body.encode(), headers=headers)
        return connection.getresponse().status  # a redirect is an answer like any other: never followed
    finally:
        connection.close()


def attempt(delivery: WebhookDelivery, number: int) -> bool:
    """Make attempt ``number``, record it, and say whether the partner accepted (any 2xx) the delivery."""
    now = timezone.now()
    status, error = None, ""
    try:
        status = post(delivery, now)
    except NotChecked:
        error = "RefusedAddress"
    except Exception as failure:  # the class only: the partner's error text is not ours to keep
        error = type(failure).__name__
    accepted = status is not None and 200 <= status < 300
    with transaction.atomic():
        WebhookAttempt.objects.create(delivery=delivery, number=number, at=now, status_code=status, error=error)
        changes: dict[str, Any] = {"attempts": number, "next_attempt_at": None}
        if accepted:
            changes.update(state=DeliveryState.DELIVERED, delivered_at=now)
        WebhookDelivery.objects.filter(pk=delivery.pk).update(**changes)
    if not accepted:
        logger.info("Webhook delivery %s attempt %s failed: %s", delivery.pk, number, status or error)
    return accepted
