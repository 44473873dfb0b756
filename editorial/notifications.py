"""Workflow mail: who hears about which transition, sent once the transaction has committed.

A mail that cannot be sent is logged (without addresses or content) and never
undoes the transition that caused it.
"""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from editorial.models import ReviewedContent, ReviewEvent
from editorial.roles import licensed_reviewers

logger = logging.getLogger(__name__)


def last_submitter(obj: ReviewedContent):
    """Return the user who last sent this draft for review: the writer who hears back."""
    event = (
        ReviewEvent.objects.filter(content_type=obj.content_type, object_id=obj.pk, action=ReviewEvent.Action.SUBMIT)
        .select_related("user")
        .order_by("-created_at", "-pk")
        .first()
    )
    return event.user if event and event.user else obj.draft_updated_by


def _reviewers(obj, event):
    return list(licensed_reviewers())


def _writer(obj, event):
    return [last_submitter(obj)]


def _writer_and_reviewer(obj, event):
    reviewer = obj.live_reviewed_by.user if obj.live_reviewed_by else None
    return [last_submitter(obj), reviewer]


RECIPIENTS = {
    ReviewEvent.Action.SUBMIT: _reviewers,
    ReviewEvent.Action.APPROVE: _writer,
    ReviewEvent.Action.REQUEST_CHANGES: _writer,
    ReviewEvent.Action.PUBLISH: _writer_and_reviewer,
}


def admin_url(obj: ReviewedContent) -> str:
    """Return the absolute address of the object's admin change page."""
    opts = obj._meta
    return settings.SITE_URL + reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def notify(event: ReviewEvent) -> None:
    """Mail the people a transition concerns once the transaction that wrote ``event`` commits.

    Transitions call this inside their transaction, right after writing the event, so
    a rolled-back transition mails nobody.
    """
    if event.action in RECIPIENTS:
        transaction.on_commit(partial(send_now, event))


def send_now(event: ReviewEvent) -> None:
    """Send the mail for ``event`` now; log a failure instead of raising it."""
    try:
        _send(event)
    except Exception as error:  # any mail failure must leave the transition in place
        logger.error(
            "Workflow mail for %s on %s #%s failed: %s",
            event.action,
            event.content_type.model,
            event.object_id,
            type(error).__name__,
        )


def _send(event: ReviewEvent) -> None:
    obj = event.content_object
    users = RECIPIENTS[event.action](obj, event)
    addresses = sorted({user.email for user in users if user and user.is_active and user.email and user != event.user})
    if not addresses:
        return
    context = {
        "event": event,
        "obj": obj,
        "kind": obj._meta.verbose_name,
        "admin_url": admin_url(obj),
        "site_url": settings.SITE_URL,
    }
    subject = " ".join(render_to_string(f"editorial/email/{event.action}_subject.txt", context).split())
    body = render_to_string(f"editorial/email/{event.action}.txt", context)
    # One message per person, so staff addresses are not shared around.
    messages = [EmailMessage(subject, body, to=[address]) for address in addresses]
    get_connection().send_messages(messages)
