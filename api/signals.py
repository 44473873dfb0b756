"""Receivers of what the review workflow announces (editorial/signals.py); ApiConfig.ready connects them.

Each runs inside the transition's transaction, so the deliveries it writes commit or roll back with it.
"""

from typing import Any

from editorial.models import ReviewedContent, ReviewEvent

from . import webhooks
from .models import Event


def page_published(sender: type, instance: ReviewedContent, event: ReviewEvent, **kwargs: Any) -> None:
    """Record a delivery of "published", "updated" or "corrected" for each partner who asked for it."""
    subscriptions = webhooks.listening()
    if not subscriptions:
        return  # the usual case until partners subscribe: one query added to a publish
    revision = webhooks.latest_revision(instance)
    name = webhooks.publish_event(instance, revision, event)
    webhooks.record(instance, name, revision, event.created_at, subscriptions)


def page_unpublished(sender: type, instance: ReviewedContent, event: ReviewEvent, **kwargs: Any) -> None:
    """Record a delivery of "unpublished" for each partner who asked for it."""
    subscriptions = webhooks.listening()
    if subscriptions:
        revision = webhooks.latest_revision(instance)
        webhooks.record(instance, Event.UNPUBLISHED, revision, event.created_at, subscriptions)
