"""Workflow notifications: each transition queues its mail, in the transaction that makes the change.

The mail itself is sent by the worker (editorial/tasks.py), so an editor never waits for a mail server
and a failing one never undoes a transition. A publish or unpublish is also announced (editorial/signals.py),
in the same transaction: website queues the warming of the pages it changed (website/signals.py).
"""

from django.dispatch import Signal

from editorial.models import ReviewEvent
from editorial.signals import page_published, page_unpublished
from editorial.tasks import RECIPIENTS, send_workflow_mail
from jobs.delivery import enqueue

# Transitions that change what visitors see, and the signal each sends.
CHANGES_PUBLIC_PAGES: dict[str, Signal] = {
    ReviewEvent.Action.PUBLISH: page_published,
    ReviewEvent.Action.UNPUBLISH: page_unpublished,
}


def notify(event: ReviewEvent) -> None:
    """Queue the mail for this transition, and announce it when it changed public pages."""
    if event.action in RECIPIENTS:
        enqueue(send_workflow_mail, event.pk)
    if event.action in CHANGES_PUBLIC_PAGES:
        page = event.content_object
        CHANGES_PUBLIC_PAGES[event.action].send(sender=type(page), instance=page, event=event)
