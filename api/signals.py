"""Receivers of what the review workflow announces (editorial/signals.py); ApiConfig.ready connects them.

Each runs inside the transition's transaction, so the deliveries it writes commit or roll back with it.
"""

from typing import Any

from editorial.models import ReviewedContent, ReviewEvent

from . import webhooks
from .models import Event


def page_published(sender: type, instance: ReviewedContent, event: ReviewEvent, **kwargs: Any) -> None:
    """Record a delivery of "published", "updated" or "corrected" for each partner who asked for it."""
    revision = webhooks.latest_revision(instance)
    webhooks.record(instance, webhooks.publish_event(instance, revision, event), revision, event.created_at)


def page_unpublished(sender: type, instance: ReviewedContent, event: ReviewEvent, **kwargs: Any) -> None:
    """Record a delivery of "unpublished" for each partner who asked for it."""
    webhooks.record(instance, Event.UNPUBLISHED, webhooks.latest_revision(instance), event.created_at)
